"""Survey responses: integrity of tokens and retries, anonymity, and the
monthly observations they become (checked against the pure scoring)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from performance.models import Observation, Survey, SurveyAnswer, SurveyResponse
from performance.voice import scoring
from performance.voice.services import (
    SOURCE,
    SubmitRefused,
    response_submit,
    survey_observations_rebuild_start,
    survey_observations_refresh,
    token_issue,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 15, 10, 0, tzinfo=dt.UTC)


def _obs(code, **subject):
    return Observation.objects.get(metric__code=code, source=SOURCE, **subject)


def test_servqual_response_stores_scores_and_updates_store_gaps(
    make_survey, full_answers, store, django_capture_on_commit_callbacks
):
    """A response's gaps are stored with it; its month's store figures update."""
    survey = make_survey()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = response_submit(
            survey=survey, nonce="n1", answers=full_answers, now=NOW
        )
    response = SurveyResponse.objects.get(pk=outcome.response_id)
    assert response.gap_tangibles == -1 and response.gap_responsiveness == 1
    assert response.gap_overall == pytest.approx((-1 - 1 + 1 - 1 + 1) / 5)
    assert SurveyAnswer.objects.filter(response=response).count() == 22
    gap = _obs("servqual_empathy", store=store)
    assert (gap.value, gap.sample_size) == (1, 1)
    assert (gap.period_start, gap.period_end) == (
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 30),
    )


def test_monthly_gaps_equal_the_pure_summary(make_survey, store, versions):
    """SQL aggregation and servqual_summary agree, missing answers included."""
    version = versions["servqual-classic"]
    version.items.filter(number__in=[2, 10, 11, 12, 13]).update(required=False)
    version.weights = {
        "tangibles": 10, "reliability": 30, "responsiveness": 20,
        "assurance": 20, "empathy": 20,
    }  # fmt: skip
    version.save()
    survey = make_survey()
    sets = [
        {n: (7, (n % 7) + 1) for n in range(1, 23)},
        {n: (4, 5) for n in range(1, 23) if n not in (2, 10, 11, 12, 13)},
        {**{n: (5, 5) for n in range(1, 23)}, 2: (3, None)},
    ]
    for i, answers in enumerate(sets):
        response_submit(survey=survey, nonce=f"n{i}", answers=answers, now=NOW)
    survey_observations_refresh(store_id=store.pk, month=dt.date(2026, 11, 1))
    specs = [
        scoring.ItemSpec(i.number, i.dimension, i.reversed) for i in version.items.all()
    ]
    expected = scoring.servqual_summary(sets, specs, version.weights)
    for d in scoring.DIMENSIONS:
        obs = _obs(f"servqual_{d}", store=store)
        assert obs.value == pytest.approx(expected.dimensions[d].value)
        assert obs.sample_size == expected.dimensions[d].n
    assert _obs("servqual_responsiveness", store=store).sample_size == 2
    assert _obs("servqual_overall", store=store).value == pytest.approx(
        expected.overall.value
    )
    assert _obs("servqual_weighted", store=store).value == pytest.approx(
        expected.weighted.value
    )


def test_short_surveys_become_csat_nps_and_ces(make_survey, store, staff):
    """Per store and, for a survey naming an employee, per employee."""
    csat = make_survey("csat", employee=staff)
    nps = make_survey("nps")
    ces = make_survey("ces")
    for i, r in enumerate([5, 4, 3, 1, 5]):
        response_submit(survey=csat, nonce=f"c{i}", rating=r, now=NOW)
    for i, r in enumerate([10, 9, 8, 7, 6, 0, 9, 3, 10]):
        response_submit(survey=nps, nonce=f"p{i}", rating=r, now=NOW)
    for i, r in enumerate([7, 6, 2]):
        response_submit(survey=ces, nonce=f"e{i}", rating=r, now=NOW)
    survey_observations_refresh()
    obs = _obs("csat", store=store)
    assert (obs.value, obs.numerator, obs.denominator) == (60, 3, 5)
    assert _obs("csat", employee=staff).value == 60
    assert _obs("nps", store=store).value == pytest.approx(100 / 9)
    assert _obs("ces", store=store).value == 5
    assert not Observation.objects.filter(employee=staff, metric__code="nps")


def test_out_of_range_or_missing_answers_store_nothing(make_survey, full_answers):
    survey = make_survey()
    with pytest.raises(ValidationError) as exc:
        response_submit(survey=survey, nonce="x", answers={**full_answers, 3: (8, 5)})
    assert exc.value.messages == ["range"]
    partial = {k: v for k, v in full_answers.items() if k != 7}
    with pytest.raises(ValidationError):
        response_submit(survey=survey, nonce="y", answers=partial)
    with pytest.raises(ValidationError):
        response_submit(survey=make_survey("nps"), nonce="z", rating=11)
    assert not SurveyResponse.objects.exists()


def test_token_is_used_once_and_a_retry_is_not_counted_twice(
    make_survey, full_answers, store
):
    """Same nonce again: answered as stored; another submit: refused."""
    survey = make_survey(access=Survey.Access.TOKEN)
    token = token_issue(survey=survey, transaction_ref="R-1001")
    assert token_issue(survey=survey, transaction_ref="R-1001") == token
    first = response_submit(
        survey=survey, nonce="n1", answers=full_answers, token_key=token.key
    )
    again = response_submit(
        survey=survey, nonce="n1", answers=full_answers, token_key=token.key
    )
    assert again.repeated and again.response_id == first.response_id
    with pytest.raises(SubmitRefused):
        response_submit(
            survey=survey, nonce="n2", answers=full_answers, token_key=token.key
        )
    with pytest.raises(SubmitRefused):
        response_submit(
            survey=survey, nonce="n3", answers=full_answers, token_key="forged"
        )
    assert SurveyResponse.objects.count() == 1
    survey_observations_refresh()
    assert _obs("servqual_overall", store=store).sample_size == 1


def test_incomplete_response_does_not_use_up_the_token(make_survey, full_answers):
    survey = make_survey(access=Survey.Access.TOKEN)
    token = token_issue(survey=survey, transaction_ref="R-7")
    with pytest.raises(ValidationError):
        response_submit(
            survey=survey, nonce="a", answers={1: (5, 5)}, token_key=token.key
        )
    token.refresh_from_db()
    assert token.consumed_at is None
    response_submit(survey=survey, nonce="b", answers=full_answers, token_key=token.key)


def test_anonymous_response_keeps_no_token_transaction_or_time(
    make_survey, full_answers
):
    survey = make_survey(access=Survey.Access.TOKEN, anonymous=True)
    token = token_issue(survey=survey, transaction_ref="R-42")
    outcome = response_submit(
        survey=survey, nonce="n", answers=full_answers, token_key=token.key, now=NOW
    )
    response = SurveyResponse.objects.get(pk=outcome.response_id)
    token.refresh_from_db()
    assert response.token is None and response.transaction_ref == ""
    assert response.submitted_at is None and response.submitted_on == NOW.date()
    assert token.consumed_at is not None
    assert token.submission_digest != response.submission_key
    again = response_submit(
        survey=survey, nonce="n", answers=full_answers, token_key=token.key
    )
    assert again.repeated


def test_rebuild_job_writes_progress_and_is_idempotent(
    make_survey, full_answers, store, django_capture_on_commit_callbacks
):
    survey = make_survey()
    response_submit(survey=survey, nonce="a", answers=full_answers, now=NOW)
    response_submit(
        survey=survey, nonce="b", answers=full_answers, now=NOW - dt.timedelta(days=40)
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            batch = survey_observations_rebuild_start()
        batch.refresh_from_db()
        assert (batch.status, batch.progress) == ("succeeded", 100)
    assert (
        Observation.objects.filter(
            source=SOURCE, metric__code="servqual_overall", store=store
        ).count()
        == 2
    )
