import datetime as dt

import pytest

from courses.selectors import InvalidResponse
from performance.audits import services
from performance.models import Audit, AuditDispute, Metric, Observation

from .conftest import ids, levels_at

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 10)


def record(rubric, auditor, employee, *positions, kind=Audit.Kind.MYSTERY_SHOPPER):
    return services.audit_record(
        auditor=auditor,
        kind=kind,
        touchpoint=Audit.Touchpoint.FACE_TO_FACE,
        rubric=rubric,
        visited_on=DAY,
        scores=levels_at(rubric, *positions),
        employee=employee,
    )


def test_score_is_the_rubric_percent(audit_rubric, manager, staff):
    """Weights and N/A as in role-plays: (1*1 + 2*0.5) / 3 with knowledge N/A."""
    audit = record(audit_rubric, manager, staff, 2, None, 1)
    assert audit.percent == pytest.approx(66.67)
    assert audit.failed_critical == []
    assert audit.store == staff.store
    assert audit.rubric_version.rubric == audit_rubric


def test_failed_critical_criterion_scores_zero(audit_rubric, manager, staff):
    """A critical criterion below its pass level sets the audit to 0 and
    keeps the rubric's own percent beside it."""
    audit = record(audit_rubric, manager, staff, 0, 2, 2)
    greeting = ids(audit_rubric)[0][0]
    assert audit.percent == 0
    assert audit.rubric_percent == pytest.approx(75.0)
    assert audit.failed_critical == [greeting]


@pytest.mark.parametrize(
    "tamper",
    ["unknown level", "unknown criterion", "na not allowed", "missing"],
)
def test_tampered_levels_store_nothing(audit_rubric, manager, staff, tamper):
    """A level not in its criterion, a criterion not in the rubric, N/A where
    not allowed or a criterion left out are refused; nothing is stored."""
    scores = levels_at(audit_rubric, 2, 2, 2)
    (g, _), _k, (f, _) = ids(audit_rubric)
    if tamper == "unknown level":
        scores[g] = ("nope", "")
    elif tamper == "unknown criterion":
        scores["nope"] = (None, "")
    elif tamper == "na not allowed":
        scores[f] = (None, "")
    else:
        del scores[f]
    with pytest.raises(InvalidResponse):
        services.audit_record(
            auditor=manager,
            kind=Audit.Kind.MYSTERY_SHOPPER,
            touchpoint=Audit.Touchpoint.PHONE,
            rubric=audit_rubric,
            visited_on=DAY,
            scores=scores,
            employee=staff,
        )
    assert not Audit.objects.exists()


def _observation(code, **subject):
    return Observation.objects.get(
        metric=Metric.objects.get(code=code), source="audits", **subject
    )


def test_scores_become_monthly_observations(audit_rubric, manager, staff):
    """Per employee and per store, per month, the mean audit score; n = audits;
    mystery-shopper visits feed mystery_shopper, call reviews qa_score."""
    record(audit_rubric, manager, staff, 2, 2, 2)
    record(audit_rubric, manager, staff, 0, 2, 2)
    record(audit_rubric, manager, staff, 2, 2, 2, kind=Audit.Kind.CALL_MONITORING)
    shopper = _observation("mystery_shopper", employee=staff)
    assert (shopper.value, shopper.sample_size) == (50.0, 2)
    assert shopper.period_start == dt.date(2026, 3, 1)
    assert shopper.period_end == dt.date(2026, 3, 31)
    assert _observation("mystery_shopper", store=staff.store).value == 50.0
    assert _observation("qa_score", employee=staff).value == 100.0


def _dispute(audit, staff, proposed_positions):
    rubric_ids = ids(audit.rubric_version.rubric)[: len(proposed_positions)]
    proposed = {
        cid: levels[p]
        for (cid, levels), p in zip(rubric_ids, proposed_positions, strict=True)
    }
    return services.dispute_raise(
        audit=audit, by=staff.user, comment="I did greet", proposed=proposed
    )


def test_accepted_dispute_rewrites_score_and_observation(
    audit_rubric, manager, staff, hr
):
    """Accepting applies the proposed levels: the critical fail goes, the
    score and the month's observation are rewritten, before/after kept."""
    audit = record(audit_rubric, manager, staff, 0, 2, 2)
    dispute = _dispute(audit, staff, [2])
    services.dispute_decide(
        dispute=dispute,
        by=hr.user,
        decision=AuditDispute.State.ACCEPTED,
        reason="The recording shows the greeting",
    )
    audit.refresh_from_db()
    dispute.refresh_from_db()
    assert audit.percent == 100.0 and audit.failed_critical == []
    assert (dispute.score_before, dispute.score_after) == (0.0, 100.0)
    assert dispute.decided_by == hr.user
    assert _observation("mystery_shopper", employee=staff).value == 100.0
    event = Audit.pgh_event_model.objects.filter(pgh_obj=audit).last()
    assert (event.old_percent, event.percent) == (0.0, 100.0)
    assert event.pgh_context.metadata["reason"] == "The recording shows the greeting"


def test_partly_accepted_dispute_applies_granted_levels_only(
    audit_rubric, manager, staff, hr
):
    """Partly accepting applies the levels the reviewer grants."""
    audit = record(audit_rubric, manager, staff, 0, 0, 0)
    (g, glv), (k, klv), (f, flv) = ids(audit_rubric)
    dispute = services.dispute_raise(
        audit=audit, by=staff.user, comment="x", proposed={g: glv[2], f: flv[2]}
    )
    services.dispute_decide(
        dispute=dispute,
        by=hr.user,
        decision=AuditDispute.State.PARTLY,
        reason="Farewell only",
        levels={f: flv[2]},
    )
    audit.refresh_from_db()
    assert audit.percent == 0  # greeting still failed
    assert audit.rubric_percent == pytest.approx(50.0)
    assert audit.scores.get(criterion_id=f).level_id == flv[2]
    assert audit.scores.get(criterion_id=g).level_id == glv[0]


def test_rejected_dispute_changes_nothing(audit_rubric, manager, staff, hr):
    """Rejecting keeps the scores; the decision is kept with its reason; a
    decided dispute cannot be decided again; one open dispute at a time."""
    audit = record(audit_rubric, manager, staff, 0, 2, 2)
    dispute = _dispute(audit, staff, [2])
    with pytest.raises(services.AuditError):
        _dispute(audit, staff, [1])
    services.dispute_decide(
        dispute=dispute, by=hr.user, decision="rejected", reason="No greeting heard"
    )
    audit.refresh_from_db()
    assert audit.percent == 0
    dispute.refresh_from_db()
    assert dispute.state == "rejected" and dispute.score_after == 0
    with pytest.raises(services.AuditError):
        services.dispute_decide(
            dispute=dispute, by=hr.user, decision="accepted", reason="again"
        )


def test_dispute_with_tampered_level_is_refused(audit_rubric, manager, staff):
    audit = record(audit_rubric, manager, staff, 0, 2, 2)
    g = ids(audit_rubric)[0][0]
    with pytest.raises(InvalidResponse):
        services.dispute_raise(
            audit=audit, by=staff.user, comment="x", proposed={g: "nope"}
        )
    assert not AuditDispute.objects.exists()
