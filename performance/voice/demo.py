"""Demo customer voice: for every demo store a SERVQUAL survey by open link
and an NPS survey by receipt token, and for one employee per store a CSAT
survey, each with six months of answers in Chinese and English; then their
monthly observations. Idempotent: a store that has surveys is left alone."""

import datetime as dt
import random

from django.utils import timezone

from people.models import Employee, Store

from ..models import QuestionnaireVersion, Survey
from .services import (
    questionnaires_ensure,
    response_submit,
    survey_create,
    survey_observations_refresh,
    token_issue,
)

MONTHS = 6
COMMENTS = [
    ("zh-hans", "服务很热情，就是等候时间有点长。"),
    ("en", "Friendly staff, but the queue was long."),
    ("zh-hans", "环境整洁，员工很专业。"),
    ("en", "Opening hours could be longer on weekends."),
    ("zh-hans", ""),
]


def _moment(rng, today, months_back: int) -> dt.datetime:
    day = (today.replace(day=1) - dt.timedelta(days=30 * months_back)).replace(
        day=rng.randint(1, 28)
    )
    day = min(day, today)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(9, 20))))


def seed() -> dict:
    questionnaires_ensure()
    versions = {v.code: v for v in QuestionnaireVersion.objects.all()}
    today = timezone.localdate()
    made = 0
    for store in Store.objects.order_by("code"):
        if Survey.objects.filter(store=store).exists():
            continue
        rng = random.Random(store.code)
        servqual = survey_create(
            version=versions["servqual-classic"],
            name=f"{store.name}服务质量调查",
            name_en=f"{store.name_en or store.name} service quality",
            store=store,
        )
        nps = survey_create(
            version=versions["nps"],
            name=f"{store.name}推荐意愿",
            name_en=f"{store.name_en or store.name}: would you recommend us?",
            store=store,
            access=Survey.Access.TOKEN,
            anonymous=True,
        )
        employee = Employee.objects.filter(store=store).order_by("number").first()
        csat = employee and survey_create(
            version=versions["csat"],
            name=f"{employee.name}的服务满意度",
            name_en=f"Satisfaction with {employee.name}",
            employee=employee,
        )
        bias = rng.uniform(-0.8, 0.2)
        for back in range(MONTHS):
            lift = 0.15 * (MONTHS - back)  # service improves after training
            for i in range(rng.randint(6, 10)):
                language, comment = COMMENTS[(i + back) % len(COMMENTS)]
                answers = {}
                for n in range(1, 23):
                    reversed_item = 10 <= n <= 13 or n >= 18
                    expectation = rng.randint(5, 7)
                    gap = round(rng.gauss(bias + lift - 0.5, 0.8))
                    perception = max(1, min(7, expectation + gap))
                    if reversed_item:  # worded negatively: agreement is bad
                        expectation, perception = 8 - expectation, 8 - perception
                    answers[n] = (expectation, perception)
                response_submit(
                    survey=servqual,
                    nonce=f"demo-{store.code}-{back}-{i}",
                    answers=answers,
                    comment=comment,
                    language=language,
                    now=_moment(rng, today, back),
                    refresh=False,
                )
                token = token_issue(
                    survey=nps, transaction_ref=f"{store.code.upper()}-{back}{i:03d}"
                )
                response_submit(
                    survey=nps,
                    nonce=f"demo-nps-{store.code}-{back}-{i}",
                    rating=max(0, min(10, round(rng.gauss(8 + lift, 1.6)))),
                    language=language,
                    token_key=token.key,
                    now=_moment(rng, today, back),
                    refresh=False,
                )
                if csat:
                    response_submit(
                        survey=csat,
                        nonce=f"demo-csat-{store.code}-{back}-{i}",
                        rating=max(1, min(5, round(rng.gauss(4 + lift / 2, 0.8)))),
                        language=language,
                        now=_moment(rng, today, back),
                        refresh=False,
                    )
                made += 1
        # Two receipts handed out but not answered yet.
        for j in range(2):
            token_issue(survey=nps, transaction_ref=f"{store.code.upper()}-OPEN{j}")
    if made:
        survey_observations_refresh()
    return {"survey_rounds": made}
