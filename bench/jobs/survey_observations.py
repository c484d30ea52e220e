"""Every survey response (100,000 at full scale) turned into monthly
observations per store and per named employee through
performance.voice.services.survey_observations_refresh (the path the nightly
rebuild and each submit take: SQL aggregates, then an upsert), against one
SQL aggregate pass over the same responses (per store, month and kind) read
into Python."""

import time

from django.db import connection

from bench.data import has_models


def ready() -> str | None:
    return has_models("performance.SurveyResponse")


def prepare(ctx) -> dict:
    return {}


def run(args: dict) -> dict:
    from performance.models import Observation, SurveyResponse
    from performance.voice.services import SOURCE, survey_observations_refresh

    Observation.objects.filter(source=SOURCE).delete()  # a kept database reruns
    started = time.perf_counter()
    written = survey_observations_refresh()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "units": SurveyResponse.objects.count(),
        "observations": written,
    }


def floor(args: dict) -> dict:
    gaps = ", ".join(
        f"avg(gap_{d}), count(gap_{d})"
        for d in ("tangibles", "reliability", "responsiveness", "assurance",
                  "empathy", "overall", "weighted")
    )  # fmt: skip
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            f"""
            SELECT store_id, date_trunc('month', submitted_on), kind, count(*),
              avg(rating), count(*) FILTER (WHERE rating >= 4),
              count(*) FILTER (WHERE rating >= 9), count(*) FILTER (WHERE rating <= 6),
              {gaps}
            FROM performance_surveyresponse GROUP BY 1, 2, 3
            """
        )
        rows = cur.fetchall()
    return {"seconds": time.perf_counter() - started, "units": len(rows)}
