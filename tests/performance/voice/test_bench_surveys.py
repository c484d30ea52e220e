"""The bench's survey responses at a tiny scale, on the real schema: stored
gaps are what performance.voice.scoring computes from the answers, and the
survey-observations job and its floor run."""

import dataclasses
import datetime as dt

import pytest
from django.db import connection

from bench.data import Context
from bench.data import people as people_data
from bench.data import surveys as surveys_data
from bench.jobs import survey_observations
from bench.scale import SCALES
from performance.models import Observation, SurveyAnswer, SurveyResponse
from performance.voice import scoring
from performance.voice.services import SOURCE, questionnaires_ensure

TINY = dataclasses.replace(
    SCALES["small"], name="tiny", employees=40, stores=2, regions=1,
    survey_responses=200,
)  # fmt: skip


@pytest.fixture
def bench_data(db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the bench data needs PostgreSQL (hashint8)")
    questionnaires_ensure()
    ctx = Context(scale=TINY, workdir=tmp_path)
    people_data.generate(ctx)
    surveys_data.generate(ctx, dt.date(2026, 1, 1), 60)
    return ctx


def test_generated_gaps_are_the_scoring_of_their_answers(bench_data):
    assert SurveyResponse.objects.count() == 200
    servqual = SurveyResponse.objects.filter(kind="servqual")
    assert SurveyAnswer.objects.count() == servqual.count() * 22
    answers = {}
    for a in SurveyAnswer.objects.select_related("item"):
        answers.setdefault(a.response_id, {})[a.item.number] = (
            a.expectation,
            a.perception,
        )
    for response in servqual:
        expected = scoring.servqual_response(answers[response.pk])
        assert response.gap_overall == pytest.approx(expected.overall)
        assert response.gap_empathy == pytest.approx(expected.dimensions["empathy"])
    assert not SurveyResponse.objects.filter(kind="nps", rating__isnull=True)


def test_survey_observations_job_and_floor_run(bench_data):
    result = survey_observations.run({})
    assert result["units"] == 200 and result["observations"] > 0
    assert Observation.objects.filter(source=SOURCE, level="employee").exists()
    assert survey_observations.floor({})["units"] > 0
