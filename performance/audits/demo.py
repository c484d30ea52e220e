"""Demo audits: per demo store a mystery-shopper visit that passes, one that
fails on a critical criterion (the complaint rubric's "takes ownership"), a
call-monitoring review, a whole-store visit, and a dispute decided in part
and one still open; notes in both languages, written through the real
services so scores, history and observations are real. Idempotent: skipped
once demo audits exist."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.selectors import rubric_titled
from people.models import Employee, Store
from people.roles import Role
from people.selectors import store_managers

from ..models import Audit
from . import selectors, services

MARK = "[demo]"
COUNTER, PHONE, COMPLAINT = "柜台接待评分表", "电话服务评分表", "投诉处理评分表"
# (rubric, kind, touchpoint, days ago, level position per criterion, note
# for the first criterion, whole store?)
CASES = [
    (COUNTER, "mystery_shopper", "face_to_face", 40, 2, "三秒内微笑问候。 / Smiled and greeted within three seconds.", False),
    (COMPLAINT, "mystery_shopper", "face_to_face", 20, 0, "把顾客推给另一位同事。 / Passed the customer on to a colleague.", False),
    (PHONE, "call_monitoring", "phone", 12, 1, "接听及时，但没有报工号。 / Answered promptly but gave no staff number.", False),
    (COUNTER, "mystery_shopper", "face_to_face", 5, 1, "门店整体：排队引导不足。 / Whole store: little queue guidance.", True),
]  # fmt: skip


def seed() -> dict:
    if Audit.objects.filter(overall_comment__startswith=MARK).exists():
        return {"audits": 0}
    rubrics = {t: rubric_titled(t) for t in (COUNTER, PHONE, COMPLAINT)}
    if None in rubrics.values():
        return {"audits": 0}
    today = timezone.localdate()
    hr = get_user_model().objects.filter(groups__name=Role.HR).order_by("pk").first()
    made = 0
    for store in Store.objects.order_by("code"):
        managers = store_managers(store.pk)
        staff = (
            Employee.objects.active()
            .filter(store=store)
            .exclude(pk__in=[m.pk for m in managers])
            .order_by("number")
            .first()
        )
        if not managers or staff is None:
            continue
        audits = []
        for title, kind, touchpoint, ago, position, note, whole in CASES:
            rubric = rubrics[title]
            criteria = selectors.rubric_criteria(rubric)
            scores = _scores(criteria, position, note)
            audits.append(
                services.audit_record(
                    auditor=managers[0],
                    kind=kind,
                    touchpoint=touchpoint,
                    rubric=rubric,
                    visited_on=today - dt.timedelta(days=ago),
                    scores=scores,
                    employee=None if whole else staff,
                    store=store,
                    overall_comment=f"{MARK} 演示稽核 / demo audit",
                    by=managers[0].user,
                )
            )
            made += 1
        _disputes(audits, staff, hr)
    return {"audits": made}


def _scores(criteria, first_position: int, note: str) -> dict:
    """The first criterion at `first_position` with the note; the others
    alternately at the top and the middle level."""
    scores = {}
    for i, c in enumerate(criteria):
        position = first_position if i == 0 else 2 - i % 2
        level = c["levels"][min(position, len(c["levels"]) - 1)]
        scores[c["id"]] = (level["id"], note if i == 0 else "")
    return scores


def _disputes(audits, staff, hr) -> None:
    """The failed visit disputed and decided in part by HR; the phone review
    disputed and still open."""
    failed, phone = audits[1], audits[2]
    for audit, decide in ((failed, True), (phone, False)):
        criteria = audit.rubric_version.snapshot["criteria"]
        first, last = criteria[0], criteria[-1]
        dispute = services.dispute_raise(
            audit=audit,
            by=staff.user,
            comment="我当时已说明由我跟进。 / I said I would follow it up myself.",
            proposed={
                first["id"]: first["levels"][2]["id"],
                last["id"]: last["levels"][2]["id"],
            },
        )
        if decide and hr is not None:
            services.dispute_decide(
                dispute=dispute,
                by=hr,
                decision="partly",
                reason="录音证实道别得体，未证实负责跟进。 / The recording shows a "
                "polite close, not that they took ownership.",
                levels={last["id"]: last["levels"][2]["id"]},
            )
