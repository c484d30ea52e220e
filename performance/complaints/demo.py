"""Demo complaints: for each demo store one complaint at each of the eight
steps (and one found invalid), one waiting on the customer and one overdue,
written in both languages, moved through the real services so their history
and SLA clocks are real. Idempotent: skipped once demo complaints exist."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from people.models import Employee, Store
from people.selectors import store_managers

from ..models import Complaint
from . import services
from .metrics import complaint_observations_recompute

S = Complaint.State
MARK = "[demo]"
# (target step, channel, category, severity, tier, zh, en)
CASES = [
    (
        S.RECORDED,
        "phone",
        "efficiency",
        "medium",
        "standard",
        "排队四十分钟无人引导",
        "Waited forty minutes in the queue with nobody to guide us",
    ),
    (
        S.VALIDATED,
        "face_to_face",
        "attitude",
        "high",
        "vip",
        "店员对老年客户语气不耐烦",
        "A clerk was impatient with an elderly customer",
    ),
    (
        S.INVALID,
        "online",
        "billing",
        "low",
        "standard",
        "质疑已在合同中写明的服务费",
        "Questioned a service fee written in the contract",
    ),
    (
        S.ASSIGNED,
        "phone",
        "accuracy",
        "medium",
        "priority",
        "热线给出的营业时间有误",
        "The hotline gave the wrong opening hours",
    ),
    (
        S.ANALYSED,
        "social",
        "product",
        "high",
        "standard",
        "新办的卡三天无法使用",
        "A new card could not be used for three days",
    ),
    (
        S.PROPOSED,
        "letter",
        "environment",
        "low",
        "standard",
        "等候区空调过冷",
        "The waiting area was far too cold",
    ),
    (
        S.APPROVED,
        "face_to_face",
        "knowledge",
        "medium",
        "vip",
        "员工无法解释套餐差别",
        "Staff could not explain the difference between plans",
    ),
    (
        S.CARRIED_OUT,
        "phone",
        "efficiency",
        "medium",
        "standard",
        "退款两周仍未到账",
        "A refund had not arrived after two weeks",
    ),
    (
        S.CLOSED,
        "face_to_face",
        "attitude",
        "medium",
        "priority",
        "结账时店员未打招呼也未道谢",
        "No greeting and no thanks at the till",
    ),
]
ORDER = [
    S.VALIDATED,
    S.ASSIGNED,
    S.ANALYSED,
    S.PROPOSED,
    S.APPROVED,
    S.CARRIED_OUT,
    S.CLOSED,
]


def _walk(c, target, owner, approver):
    if target == S.INVALID:
        return services.complaint_invalidate(
            complaint=c, by=owner, reason="合同已写明 / Stated in the contract"
        )
    if target == S.RECORDED:
        return c
    for step in ORDER:
        if step == S.VALIDATED:
            c = services.complaint_validate(complaint=c, by=owner)
            services.complaint_reply(
                complaint=c, by=owner, note="已致电客户 / Called the customer back"
            )
            services.recovery_action_add(
                complaint=c,
                by=owner,
                kind="apology",
                description="当面致歉 / Apologised in person",
            )
        elif step == S.ASSIGNED:
            c = services.complaint_assign(
                complaint=c, by=owner, department="front_line"
            )
        elif step == S.ANALYSED:
            c = services.complaint_analyse(
                complaint=c,
                by=owner,
                cause="高峰时段人手不足 / Too few staff at the peak hour",
            )
        elif step == S.PROPOSED:
            c = services.complaint_propose(
                complaint=c,
                by=owner,
                resolution="赠送一次免费服务并调整排班 / A free service and a new rota",
            )
        elif step == S.APPROVED:
            c = services.complaint_approve(
                complaint=c, by=approver, note="同意 / Agreed"
            )
        elif step == S.CARRIED_OUT:
            services.recovery_action_add(
                complaint=c,
                by=owner,
                kind="compensation",
                description="免费服务一次 / One free service",
                amount=Decimal("50"),
            )
            c = services.complaint_carry_out(
                complaint=c,
                by=owner,
                customer_feedback="客户表示满意 / The customer was satisfied",
            )
        elif step == S.CLOSED:
            c = services.complaint_close(
                complaint=c,
                by=owner,
                review="高峰排班纳入周会 / Peak-hour rota now reviewed weekly",
            )
        if step == target:
            return c
    return c


def seed() -> dict:
    if Complaint.objects.filter(description__startswith=MARK).exists():
        return {"complaints": 0}
    services.sla_targets_ensure()
    services.calendar_default()
    now = timezone.now()
    made = 0
    for store in Store.objects.order_by("code"):
        managers = store_managers(store.pk)
        staff = list(
            Employee.objects.active()
            .filter(store=store)
            .exclude(pk__in=[m.pk for m in managers])
            .order_by("number")[:3]
        )
        if not managers or not staff:
            continue
        approver = managers[0]
        for i, (target, channel, category, severity, tier, zh, en) in enumerate(CASES):
            owner = staff[i % len(staff)]
            c = services.complaint_record(
                by=owner,
                store=store,
                channel=channel,
                category=category,
                severity=severity,
                customer_tier=tier,
                description=f"{MARK} {zh} / {en}",
                employees=[staff[(i + 1) % len(staff)]],
                customer_name="演示客户 / Demo customer",
                customer_contact="138-0000-0000",
                received_at=now - dt.timedelta(hours=2 + i),
            )
            _walk(c, target, owner, approver)
            made += 1
        waiting = services.complaint_record(
            by=staff[0],
            store=store,
            channel="phone",
            category="billing",
            severity="medium",
            customer_tier="standard",
            description=f"{MARK} 账单金额与报价不符 / The bill did not match the quote",
            employees=[staff[0]],
            received_at=now - dt.timedelta(hours=1),
        )
        services.complaint_reply(complaint=waiting, by=staff[0])
        services.complaint_pause(
            complaint=waiting,
            by=staff[0],
            reason="等待客户提供发票照片 / Waiting for a photo of the invoice",
        )
        services.complaint_record(  # overdue: received three days ago, no reply
            by=staff[-1],
            store=store,
            channel="online",
            category="attitude",
            severity="critical",
            customer_tier="vip",
            description=f"{MARK} 客户被挂断电话两次 / The customer was hung up on twice",
            employees=[staff[-1]],
            received_at=now - dt.timedelta(days=3),
        )
        made += 2
    complaint_observations_recompute(month=timezone.localdate().replace(day=1))
    return {"complaints": made}
