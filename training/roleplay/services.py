"""Writes for role-play assessments. Views and the API validate input and
check permission, then call exactly one of these."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.scoring import InvalidResponse, passed, score_rubric
from courses.selectors import (
    canonical,
    course_completion_rule,
    localized,
    rubric_spec,
)
from courses.services import rubric_version_current
from people.history import history_context
from people.models import Employee
from people.roles import Role, has_role
from people.services import notify_each
from training import services as learning
from training.models import (
    CalibrationSession,
    CoachingAction,
    CriterionScore,
    Enrollment,
    Recording,
    RolePlayAssessment,
    RolePlaySession,
    TimestampNote,
)
from training.models.learning import Source

Kind = RolePlayAssessment.Kind
DEFAULT_DOUBLE_SCORING_SHARE = 0.2

# (level id or None for N/A, comment)
ScoreInput = tuple[str | None, str]


def double_scoring_share() -> float:
    return float(
        getattr(settings, "ROLEPLAY_DOUBLE_SCORING_SHARE", DEFAULT_DOUBLE_SCORING_SHARE)
    )


def _second_assessor_for(
    *, organiser: Employee, assessors: Sequence[Employee], learners: Sequence[Employee]
) -> Employee | None:
    """A trainer who is neither an assessor nor a learner: the organiser if
    possible, else the first such trainer."""
    taken = {e.pk for e in assessors} | {e.pk for e in learners}
    if (
        organiser.pk not in taken
        and organiser.user.groups.filter(name=Role.TRAINER).exists()
    ):
        return organiser
    return (
        Employee.objects.active()
        .filter(user__groups__name=Role.TRAINER)
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def session_schedule(
    *,
    organiser: Employee,
    scenario,
    learners: Sequence[Employee],
    assessors: Sequence[Employee],
    scheduled_at: dt.datetime,
    location: str = "",
    remote: bool = False,
    course=None,
    peer_deadline: dt.date | None = None,
    rng: random.Random | None = None,
    redo_of: RolePlaySession | None = None,
) -> RolePlaySession:
    """Schedule a role-play. A share of sessions (setting
    ROLEPLAY_DOUBLE_SCORING_SHARE) also gets a blind second assessor, whose
    sheets pair with the primary ones in the agreement figures."""
    if not learners or not assessors:
        raise ValueError("a role-play needs at least one learner and one assessor")
    if {e.pk for e in learners} & {e.pk for e in assessors}:
        raise ValueError("a learner cannot assess their own role-play")
    session = RolePlaySession.objects.create(
        scenario=scenario,
        course=course,
        organiser=organiser,
        scheduled_at=scheduled_at,
        location=location,
        remote=remote,
        peer_deadline=peer_deadline,
        redo_of=redo_of,
    )
    session.learners.set(learners)
    session.assessors.set(assessors)
    rng = rng or random.Random()
    if rng.random() < double_scoring_share():
        second = _second_assessor_for(
            organiser=organiser, assessors=assessors, learners=learners
        )
        if second is not None:
            session.second_assessor = second
            session.save(update_fields=["second_assessor"])

    def message():
        return _("Role-play scheduled: %(title)s on %(when)s") % {
            "title": localized(scenario).title,
            "when": timezone.localtime(scheduled_at).strftime("%Y-%m-%d %H:%M"),
        }

    notify_each(
        employees=learners,
        kind="roleplay",
        message=message,
        url=reverse("training:roleplay_session", args=[session.pk]),
    )
    return session


@transaction.atomic
def recording_add(
    *,
    uploaded,
    content_type: str,
    uploader: Employee,
    session: RolePlaySession | None = None,
    learner: Employee | None = None,
    calibration: CalibrationSession | None = None,
) -> Recording:
    """Store an already validated recording (uploads.recording_content_type)."""
    return Recording.objects.create(
        session=session,
        learner=learner,
        calibration=calibration,
        file=uploaded,
        content_type=content_type,
        size=uploaded.size,
        original_name=(getattr(uploaded, "name", "") or "")[-255:],
        uploaded_by=uploader,
    )


def session_start_assessment(
    *, session: RolePlaySession, learner: Employee, assessor: Employee, kind: str
) -> RolePlayAssessment:
    """The assessor's sheet for this learner, created as a draft on first use
    with the rubric's current version (kept for good)."""
    existing = RolePlayAssessment.objects.filter(
        session=session, learner=learner, assessor=assessor, kind=kind
    ).first()
    if existing:
        return existing
    version = rubric_version_current(rubric=session.scenario.rubric)
    assessment, _ = RolePlayAssessment.objects.get_or_create(
        session=session,
        learner=learner,
        assessor=assessor,
        kind=kind,
        defaults={"rubric_version": version},
    )
    return assessment


def calibration_start_sheet(
    *, calibration: CalibrationSession, recording: Recording, assessor: Employee
) -> RolePlayAssessment:
    assessment, _ = RolePlayAssessment.objects.get_or_create(
        calibration=calibration,
        recording=recording,
        assessor=assessor,
        kind=Kind.CALIBRATION,
        defaults={"rubric_version": calibration.rubric_version},
    )
    return assessment


_STAMP = re.compile(r"^\s*\[?(?:(\d{1,2}):)?(\d{1,3}):(\d{2})\]?\s*(.*)$")


def parse_notes(text: str) -> list[tuple[float | None, str]]:
    """Lines "[mm:ss] note" (or "[h:mm:ss]") become time-stamped notes; other
    non-empty lines are kept as notes without a time."""
    notes = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        m = _STAMP.match(line)
        if m and m.group(4).strip():
            hours, minutes, seconds = (
                int(m.group(1) or 0),
                int(m.group(2)),
                int(m.group(3)),
            )
            notes.append((hours * 3600 + minutes * 60 + seconds, m.group(4).strip()))
        else:
            notes.append((None, line.strip()))
    return notes


def _criteria(assessment: RolePlayAssessment) -> dict[str, dict]:
    return {c["id"]: c for c in assessment.rubric_version.snapshot["criteria"]}


@transaction.atomic
def assessment_save(
    *,
    assessment: RolePlayAssessment,
    scores: Mapping[str, ScoreInput],
    overall_comment: str | None = None,
    notes: Iterable[tuple[float | None, str]] | None = None,
    submit: bool = False,
    by=None,
) -> RolePlayAssessment:
    """Save criterion levels and comments on a draft sheet; with ``submit``
    score it by the rubric version's formula (courses.scoring.score_rubric:
    weights, N/A, critical criteria) and lock it.

    Raises InvalidResponse, storing nothing, for a criterion not in the rubric
    version, a level not in its criterion, N/A where not allowed, a missing
    criterion at submission, or a sheet already submitted.
    """
    assessment = RolePlayAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_submitted:
        raise InvalidResponse("this assessment has been submitted already")
    if submit and _late_peer(assessment):
        raise PeerDeadlinePassed()
    criteria = _criteria(assessment)
    rows = []
    for criterion_id, (level_id, comment) in scores.items():
        criterion = criteria.get(str(criterion_id))
        if criterion is None:
            raise InvalidResponse(f"unknown criterion: {criterion_id!r}")
        points = None
        if level_id in (None, ""):
            level_id = None
            if not criterion["allow_na"]:
                # A draft may leave a criterion open; N/A needs allow_na.
                if submit:
                    raise InvalidResponse(f"criterion {criterion_id!r} is not scored")
                if not comment:
                    continue
        else:
            levels = {lv["id"]: lv["points"] for lv in criterion["levels"]}
            if level_id not in levels:
                raise InvalidResponse(f"unknown level: {level_id!r}")
            points = levels[level_id]
        rows.append((str(criterion_id), level_id, points, comment or ""))
    with history_context(
        user=by, reason="sheet submitted" if submit else "sheet saved"
    ):
        _assessment_write(assessment, rows, criteria, overall_comment, notes, submit)
    if submit and assessment.kind == Kind.ASSESSOR:
        _after_assessor_submit(assessment)
    return assessment


def _assessment_write(assessment, rows, criteria, overall_comment, notes, submit):
    for criterion_id, level_id, points, comment in rows:
        CriterionScore.objects.update_or_create(
            assessment=assessment,
            criterion_id=criterion_id,
            defaults={"level_id": level_id, "points": points, "comment": comment},
        )
    if overall_comment is not None:
        assessment.overall_comment = overall_comment
    if notes is not None:
        assessment.notes.all().delete()
        TimestampNote.objects.bulk_create(
            TimestampNote(assessment=assessment, at_seconds=at, text=text)
            for at, text in notes
        )
    if submit:
        stored = {
            s.criterion_id: s.level_id
            for s in assessment.scores.all()
            if s.criterion_id in criteria
        }
        missing = [c for c in criteria if c not in stored]
        if missing:
            raise InvalidResponse(f"criteria not scored: {missing!r}")
        result = score_rubric(rubric_spec(assessment.rubric_version), stored)
        assessment.percent = round(result.percent, 2)
        assessment.passed = result.passed
        assessment.failed_critical = [str(c) for c in result.failed_critical]
        assessment.status = RolePlayAssessment.Status.SUBMITTED
        assessment.submitted_at = timezone.now()
    assessment.save()


class PeerDeadlinePassed(InvalidResponse):
    """A peer's sheet submitted after the session's peer deadline: refused;
    the role-play goes on with the trainer's and manager's sheets."""

    def __str__(self) -> str:
        from django.utils.translation import gettext

        return gettext(
            "The peer scoring deadline has passed: this sheet can no longer be "
            "submitted. The role-play goes on without it."
        )


def _late_peer(assessment: RolePlayAssessment) -> bool:
    """An assessor sheet by a peer (neither a trainer nor the learner's
    manager) after the session's peer deadline."""
    session = assessment.session
    deadline = session.peer_deadline if session is not None else None
    if assessment.kind != Kind.ASSESSOR or deadline is None:
        return False
    if timezone.localdate() <= deadline:
        return False
    assessor = assessment.assessor
    if assessment.learner.manager_id == assessor.pk:
        return False
    return not has_role(assessor.user, Role.TRAINER)


def _course_rule(session: RolePlaySession):
    """The session's course's completion rule when it requires a passed
    role-play of this scenario (compared across languages), else None."""
    if session.course_id is None:
        return None
    rule = course_completion_rule(session.course)
    if not rule.require_role_play:
        return None
    required = session.course.role_play
    if canonical(required).pk != canonical(session.scenario).pk:
        return None
    return rule


def sheets_pass(rule: str, assessment: RolePlayAssessment) -> bool:
    """Whether the learner's submitted assessor sheets in this session pass
    by the course's rule (CoursePage.RolePlayRule), `assessment` being the
    one just submitted:
    - any: this sheet passed;
    - manager: this sheet is the learner's manager's and passed;
    - mean: every assessor has submitted (or the peer deadline has passed),
      the mean percent reaches the rubric's pass mark, and no more than half
      the sheets failed a critical criterion."""
    if rule == "manager":
        return assessment.passed and assessment.assessor_id == (
            assessment.learner.manager_id
        )
    if rule != "mean":
        return bool(assessment.passed)
    session = assessment.session
    sheets = list(
        session.assessments.filter(
            learner=assessment.learner,
            kind=Kind.ASSESSOR,
            status=RolePlayAssessment.Status.SUBMITTED,
        ).only("assessor_id", "percent", "failed_critical")
    )
    assessors = set(session.assessors.values_list("pk", flat=True))
    waiting = assessors - {s.assessor_id for s in sheets} - {assessment.learner_id}
    deadline = session.peer_deadline
    if waiting and (deadline is None or timezone.localdate() <= deadline):
        return False
    mean = sum(s.percent for s in sheets) / len(sheets)
    critical = sum(1 for s in sheets if s.failed_critical)
    pass_mark = rubric_spec(assessment.rubric_version).pass_mark
    return passed(mean, pass_mark) and critical * 2 <= len(sheets)


def _after_assessor_submit(assessment: RolePlayAssessment) -> None:
    """When the learner's sheets pass by the course's rule, the role-play
    counts toward the session's course (the learning engine's completion
    hook); the session completes once every learner has a submitted
    assessor sheet."""
    session = assessment.session
    rule = _course_rule(session)
    if rule is not None and sheets_pass(rule.role_play_rule, assessment):
        learning.enrollment_record_roleplay_passed(
            employee=assessment.learner,
            course=session.course,
            passed_at=assessment.submitted_at,
        )
    learners = set(session.learners.values_list("pk", flat=True))
    scored = set(
        session.assessments.filter(
            kind=Kind.ASSESSOR, status=RolePlayAssessment.Status.SUBMITTED
        ).values_list("learner_id", flat=True)
    )
    notify_each(
        employees=[assessment.learner],
        kind="feedback",
        message=lambda: (
            _("Feedback received on your role-play: %(title)s")
            % {"title": localized(session.scenario).title}
        ),
        url=reverse("training:roleplay_assessment", args=[assessment.pk]),
    )
    if learners <= scored and session.status == RolePlaySession.Status.SCHEDULED:
        session.status = RolePlaySession.Status.COMPLETED
        session.save(update_fields=["status"])


@transaction.atomic
def assessment_acknowledge(*, assessment: RolePlayAssessment) -> RolePlayAssessment:
    """The learner confirms they have seen the result (idempotent)."""
    if not assessment.is_submitted or assessment.kind != Kind.ASSESSOR:
        raise ValueError("only a submitted assessor result can be acknowledged")
    if assessment.acknowledged_at is None:
        assessment.acknowledged_at = timezone.now()
        assessment.save(update_fields=["acknowledged_at"])
    return assessment


@transaction.atomic
def coaching_action_create(
    *,
    assessment: RolePlayAssessment,
    by: Employee,
    kind: str,
    course=None,
    due_date: dt.date | None = None,
    note: str = "",
) -> CoachingAction:
    """A follow-up after an assessment. A re-do schedules a new session of the
    same scenario for this learner with the same assessors on the due date;
    a remedial course is assigned to the learner (source "remedial") through
    the learning engine, due by the date if given."""
    if kind == CoachingAction.Kind.REMEDIAL_COURSE and course is None:
        raise ValueError("a remedial course action needs a course")
    if kind == CoachingAction.Kind.REDO and due_date is None:
        raise ValueError("a re-do needs a date")
    action = CoachingAction(
        assessment=assessment,
        kind=kind,
        course=course,
        due_date=due_date,
        note=note,
        created_by=by,
    )
    if kind == CoachingAction.Kind.REDO:
        old = assessment.session
        when = timezone.make_aware(dt.datetime.combine(due_date, dt.time(9, 0)))
        action.redo_session = session_schedule(
            organiser=old.organiser,
            scenario=old.scenario,
            learners=[assessment.learner],
            assessors=list(old.assessors.all()),
            scheduled_at=when,
            location=old.location,
            remote=old.remote,
            course=old.course,
            redo_of=old,
        )
    if kind == CoachingAction.Kind.REMEDIAL_COURSE:
        learning.assignment_create(
            course=course,
            employees=[assessment.learner],
            due_date=due_date,
            assigned_by=by,
            source=Source.REMEDIAL,
        )
    action.save()
    return action


@transaction.atomic
def session_trainer_fallback(
    *, session: RolePlaySession, trainer: Employee
) -> RolePlaySession:
    """Peer assessment with a trainer fallback: the organiser (or another
    trainer) joins as an assessor so a small team is never blocked waiting
    for peers."""
    if session.learners.filter(pk=trainer.pk).exists():
        raise ValueError("a learner cannot assess their own role-play")
    session.assessors.add(trainer)
    return session


def _course_trainer(session: RolePlaySession) -> Employee | None:
    """Who scores when the peers don't: the course page's owner if they are
    a trainer with an employee record, otherwise the session's organiser."""
    owner = session.course.owner if session.course_id else None
    if owner is not None and has_role(owner, Role.TRAINER):
        employee = Employee.objects.filter(user=owner).first()
        if employee is not None:
            return employee
    return session.organiser


def sessions_trainer_fallback(*, today: dt.date | None = None) -> int:
    """Sessions past their peer deadline where a learner still has no
    submitted assessor sheet: the course's trainer joins as an assessor and
    is notified to score (F4's trainer fallback). Runs daily from beat; a
    trainer already among the assessors is not asked again. Returns how many
    sessions got their trainer."""
    today = today or timezone.localdate()
    scored = RolePlayAssessment.objects.filter(
        session_id=OuterRef("roleplaysession_id"),
        learner_id=OuterRef("employee_id"),
        kind=Kind.ASSESSOR,
        status=RolePlayAssessment.Status.SUBMITTED,
    )
    waiting = (
        RolePlaySession.learners.through.objects.filter(
            roleplaysession__peer_deadline__lt=today
        )
        .exclude(roleplaysession__status=RolePlaySession.Status.CANCELLED)
        .exclude(Exists(scored))
        .values("roleplaysession_id")
    )
    asked = 0
    for session in RolePlaySession.objects.filter(pk__in=waiting).select_related(
        "course__owner", "organiser", "scenario"
    ):
        trainer = _course_trainer(session)
        if (
            session.assessors.filter(pk=trainer.pk).exists()
            or session.learners.filter(pk=trainer.pk).exists()
        ):
            continue
        session_trainer_fallback(session=session, trainer=trainer)

        def message(session=session):
            return _(
                "Please score the role-play %(title)s: the peers' scoring "
                "deadline (%(date)s) has passed."
            ) % {
                "title": localized(session.scenario).title,
                "date": session.peer_deadline.isoformat(),
            }

        notify_each(
            employees=[trainer],
            kind="roleplay",
            message=message,
            url=reverse("training:roleplay_session", args=[session.pk]),
        )
        asked += 1
    return asked


@transaction.atomic
def calibration_create(
    *,
    organiser: Employee,
    title: str,
    rubric,
    assessors: Sequence[Employee],
    max_deviation: float = 10.0,
    min_agreement: float = 0.6,
) -> CalibrationSession:
    """A calibration session on the rubric's current version."""
    if len(assessors) < 2:
        raise ValueError("calibration needs at least two assessors")
    calibration = CalibrationSession.objects.create(
        title=title,
        rubric_version=rubric_version_current(rubric=rubric),
        organiser=organiser,
        max_deviation=max_deviation,
        min_agreement=min_agreement,
    )
    calibration.assessors.set(assessors)
    return calibration


@transaction.atomic
def assessment_correct_percent(
    *, assessment: RolePlayAssessment, percent: float, reason: str, by=None
) -> RolePlayAssessment:
    """Correct a submitted sheet's score after an upheld appeal (an incentive
    review dispute): the new percent replaces the rubric's, and the reason is
    appended to the overall comment so the learner and assessor see why.
    Raises ValueError for a draft sheet, a percent outside 0-100 or no reason."""
    assessment = RolePlayAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_submitted:
        raise ValueError("only a submitted sheet can be corrected")
    if not 0 <= percent <= 100:
        raise ValueError("percent must be within 0-100")
    if not reason.strip():
        raise ValueError("a correction needs a reason")
    old = assessment.percent
    assessment.percent = round(float(percent), 2)
    note = f"[{old} → {assessment.percent}] {reason.strip()}"
    assessment.overall_comment = (
        f"{assessment.overall_comment}\n{note}".strip()
        if assessment.overall_comment
        else note
    )
    with history_context(user=by, reason=reason.strip()):
        assessment.save(update_fields=["percent", "overall_comment"])
    return assessment


@transaction.atomic
def roleplay_request(*, enrollment: Enrollment) -> Employee:
    """The learner asks for the role-play their course needs: the learner's
    manager is notified, else the course's trainer (the page's owner). Returns
    who was asked. TrainingError when the course needs no role-play (or it is
    passed) or nobody can be asked."""
    course = enrollment.course
    needed = course.require_role_play and course.role_play_id
    if not needed or enrollment.roleplay_passed_at:
        raise learning.TrainingError(
            _("This course needs no role-play, or yours is already passed.")
        )
    learner = enrollment.employee
    asked = None
    if learner.manager_id:
        asked = Employee.objects.active().filter(pk=learner.manager_id).first()
    if asked is None and course.owner_id:
        asked = Employee.objects.active().filter(user_id=course.owner_id).first()
    if asked is None:
        raise learning.TrainingError(
            _(
                "No manager or trainer can be asked; please ask HR to schedule "
                "your role-play."
            )
        )
    Enrollment.objects.filter(pk=enrollment.pk).update(
        roleplay_requested_at=timezone.now()
    )
    url = reverse("training:roleplay_schedule") + (
        f"?course={course.pk}&learner={learner.pk}"
    )
    notify_each(
        employees=[asked],
        kind="roleplay",
        message=lambda: (
            _("%(learner)s asks for a role-play for the course %(course)s.")
            % {"learner": learner.name, "course": localized(course).title}
        ),
        url=url,
    )
    return asked
