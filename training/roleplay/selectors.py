"""Reads for role-play pages, the API and the calibration report.

Agreement statistics come from training.agreement; this module only builds
the ratings matrices: one row per (recording x criterion) or per (double-
scored pair x criterion), one column per assessor, each cell the chosen
level's points normalised to 0-100 within its criterion (N/A or not scored =
missing).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from courses.selectors import localized, scenario_for_learner
from people.access import employee_of
from people.models import Employee
from training import agreement
from training.models import (
    CalibrationSession,
    CriterionScore,
    RolePlayAssessment,
    RolePlaySession,
)

from . import permissions

Kind = RolePlayAssessment.Kind
SUBMITTED = RolePlayAssessment.Status.SUBMITTED


def sessions_for(user) -> QuerySet[RolePlaySession]:
    return (
        permissions.sessions_visible_to(user)
        .select_related("scenario", "organiser", "course")
        .prefetch_related("learners", "assessors")
        .order_by("-scheduled_at", "-pk")
    )


LIST_SIZE = 50


@dataclass(frozen=True)
class SessionRow:
    pk: int
    scenario: str
    scheduled_at: object
    remote: bool
    location: str
    status: str
    learners: list[str]
    assessors: list[str]


def session_list(user, *, after: str | None = None, size: int = LIST_SIZE):
    """The role-play list page: the latest ``size`` sessions ``user`` may see
    (older ones after the ``after`` cursor) as narrow rows, and the cursor of
    the next page (None at the end). Three queries whatever the history: the
    sessions, then the learners' and the assessors' names."""
    from training.team import decode_cursor, encode_cursor

    qs = permissions.sessions_visible_to(user)
    key = decode_cursor(after, (str, int))
    if key:
        try:
            when = dt.datetime.fromisoformat(key[0])
        except ValueError:
            when = None
        if when is not None:
            qs = qs.filter(scheduled_at__lte=when).filter(
                Q(scheduled_at__lt=when) | Q(scheduled_at=when, pk__lt=key[1])
            )
    found = list(
        qs.order_by("-scheduled_at", "-pk").values_list(
            "pk", "scenario__title", "scheduled_at", "remote", "location", "status"
        )[: size + 1]
    )
    more, found = len(found) > size, found[:size]
    ids = [row[0] for row in found]
    people: dict[str, dict[int, list[str]]] = {"learners": {}, "assessors": {}}
    for field, names in people.items():
        through = getattr(RolePlaySession, field).through
        rows = (
            through.objects.filter(roleplaysession_id__in=ids)
            .order_by("employee__number")
            .values_list("roleplaysession_id", "employee__name")
        )
        for session_id, name in rows if ids else ():
            names.setdefault(session_id, []).append(name)
    labels = {value: str(label) for value, label in RolePlaySession.Status.choices}
    result = [
        SessionRow(
            pk=pk,
            scenario=title,
            scheduled_at=when,
            remote=remote,
            location=location,
            status=labels.get(status, status),
            learners=people["learners"].get(pk, []),
            assessors=people["assessors"].get(pk, []),
        )
        for pk, title, when, remote, location, status in found
    ]
    last = found[-1] if found else None
    cursor = encode_cursor(last[2].isoformat(), last[0]) if more and last else None
    return result, cursor


def assessments_for(user) -> QuerySet[RolePlayAssessment]:
    return (
        permissions.assessments_visible_to(user)
        .select_related("assessor", "learner", "rubric_version")
        .prefetch_related("scores")
        .order_by("-created_at", "-pk")
    )


def brief(session: RolePlaySession) -> dict:
    """What every participant sees, in their language: no script, notes or
    model answer."""
    return scenario_for_learner(localized(session.scenario))


def criteria_of(version) -> list[dict]:
    return version.snapshot["criteria"]


def normalised(criterion: dict, points: float | None) -> float | None:
    if points is None:
        return None
    levels = [lv["points"] for lv in criterion["levels"]]
    lo, hi = min(levels), max(levels)
    return 100.0 * (points - lo) / (hi - lo)


def sheet_rows(version, sheets: list[RolePlayAssessment]) -> list[dict]:
    """Rows per criterion with each sheet's chosen level, for side-by-side
    display (sheets must have ``scores`` prefetched)."""
    rows = []
    for criterion in criteria_of(version):
        labels = {lv["id"]: lv for lv in criterion["levels"]}
        cells = []
        for sheet in sheets:
            score = next(
                (s for s in sheet.scores.all() if s.criterion_id == criterion["id"]),
                None,
            )
            cells.append(
                {
                    "score": score,
                    "level": labels.get(score.level_id) if score else None,
                }
            )
        rows.append({"criterion": criterion, "cells": cells})
    return rows


def session_sheets(user, session: RolePlaySession) -> dict[int, dict]:
    """For each learner of the session, the sheets ``user`` may see, by kind."""
    visible = (
        permissions.assessments_visible_to(user)
        .filter(session=session)
        .select_related("assessor", "learner", "rubric_version")
        .prefetch_related("scores", "notes", "coaching_actions__course")
    )
    result: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    for sheet in visible:
        result[sheet.learner_id][sheet.kind].append(sheet)
    return result


def side_by_side(assessor_sheet, self_sheet) -> list[dict] | None:
    """Assessor's and learner's own levels per criterion, once both are in."""
    if not (assessor_sheet and self_sheet):
        return None
    if not (assessor_sheet.is_submitted and self_sheet.is_submitted):
        return None
    return sheet_rows(assessor_sheet.rubric_version, [assessor_sheet, self_sheet])


# --- agreement ----------------------------------------------------------------


@dataclass
class Figures:
    """Agreement over one ratings matrix; None where a statistic is undefined
    (too few complete subjects, no variance)."""

    subjects: int
    raters: int
    icc_2_1: float | None = None
    icc_3_1: float | None = None
    icc_2_k: float | None = None
    icc_3_k: float | None = None
    alpha_interval: float | None = None
    alpha_ordinal: float | None = None
    percent_exact: float | None = None


def _safe(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except (ValueError, ZeroDivisionError):
        return None


def figures(matrix: agreement.Matrix) -> Figures:
    raters = len(matrix[0]) if matrix else 0
    result = Figures(subjects=len(matrix), raters=raters)
    if not matrix or raters < 2:
        return result
    for name, model in (
        ("icc_2_1", "2,1"),
        ("icc_3_1", "3,1"),
        ("icc_2_k", "2,k"),
        ("icc_3_k", "3,k"),
    ):
        setattr(result, name, _safe(agreement.icc, matrix, model=model))
    result.alpha_interval = _safe(
        agreement.krippendorff_alpha, matrix, level="interval"
    )
    result.alpha_ordinal = _safe(agreement.krippendorff_alpha, matrix, level="ordinal")
    result.percent_exact = _safe(agreement.percent_agreement, matrix)
    return result


@dataclass
class AssessorFigures:
    employee: Employee
    sheets: int
    deviation: float | None  # mean signed deviation from consensus, 0-100 points
    agreement: float | None  # share within one level of the others' mean
    flagged: bool
    reasons: list[str]


@dataclass
class CriterionFigures:
    criterion: dict
    percent_exact: float | None
    alpha_interval: float | None
    mean: float | None


@dataclass
class CalibrationReport:
    calibration: CalibrationSession
    assessors: list[Employee]
    recordings: list
    overall: Figures
    criteria: list[CriterionFigures]
    per_assessor: list[AssessorFigures]
    matrix: list[list[float | None]]
    row_labels: list[tuple]  # (recording, criterion)
    submitted: int
    expected: int

    @property
    def labelled_rows(self):
        return list(zip(self.row_labels, self.matrix, strict=True))


def calibration_matrix(
    calibration: CalibrationSession,
) -> tuple[list[Employee], list, list[tuple], list[list[float | None]]]:
    """Assessors (columns), recordings, row labels and the normalised matrix."""
    assessors = list(calibration.assessors.order_by("name", "pk"))
    recordings = list(calibration.recordings.order_by("uploaded_at", "pk"))
    criteria = criteria_of(calibration.rubric_version)
    sheets = calibration.sheets.filter(status=SUBMITTED).prefetch_related(
        Prefetch(
            "scores",
            queryset=CriterionScore.objects.only(
                "assessment_id", "criterion_id", "points"
            ),
        )
    )
    cell: dict[tuple[int, str, int], float | None] = {}
    for sheet in sheets:
        for score in sheet.scores.all():
            cell[sheet.recording_id, score.criterion_id, sheet.assessor_id] = (
                score.points
            )
    rows, labels = [], []
    for recording in recordings:
        for criterion in criteria:
            rows.append(
                [
                    normalised(
                        criterion, cell.get((recording.pk, criterion["id"], a.pk))
                    )
                    for a in assessors
                ]
            )
            labels.append((recording, criterion))
    return assessors, recordings, labels, rows


def assessor_agreement(matrix, steps: list[float], j: int) -> float | None:
    """Share of assessor j's scores within one level of the mean of the other
    assessors' scores for the same row (``steps[i]`` is one level of row i on
    the 0-100 scale). Catches inconsistent scoring that a mean deviation near
    zero can hide."""
    hits = total = 0
    for row, step in zip(matrix, steps, strict=True):
        others = [x for k, x in enumerate(row) if k != j and x is not None]
        if row[j] is None or not others:
            continue
        total += 1
        hits += abs(row[j] - sum(others) / len(others)) <= step + 1e-9
    return hits / total if total else None


def per_assessor_figures(
    matrix,
    assessors,
    *,
    steps: list[float],
    max_deviation: float,
    min_agreement: float,
    sheets=None,
) -> list[AssessorFigures]:
    deviations = (
        agreement.rater_deviation(matrix) if matrix else [None] * len(assessors)
    )
    flagged_by_deviation = set(
        agreement.flag_raters(matrix, max_abs_deviation=max_deviation) if matrix else []
    )
    result = []
    for j, employee in enumerate(assessors):
        share = assessor_agreement(matrix, steps, j)
        reasons = []
        if j in flagged_by_deviation:
            reasons.append("deviation")
        if share is not None and share < min_agreement:
            reasons.append("agreement")
        result.append(
            AssessorFigures(
                employee=employee,
                sheets=(sheets or {}).get(employee.pk, 0),
                deviation=deviations[j],
                agreement=share,
                flagged=bool(reasons),
                reasons=reasons,
            )
        )
    return result


def calibration_report(calibration: CalibrationSession) -> CalibrationReport:
    """ICC(2,1)/(3,1) with average-measure forms, Krippendorff's alpha
    (interval, ordinal; missing scores allowed), per-criterion agreement and
    each assessor's deviation from the consensus, flagged against the
    session's thresholds."""
    assessors, recordings, labels, matrix = calibration_matrix(calibration)
    criteria = criteria_of(calibration.rubric_version)
    per_criterion = []
    for criterion in criteria:
        sub = [
            row for row, (_, c) in zip(matrix, labels, strict=True) if c is criterion
        ]
        present = [x for row in sub for x in row if x is not None]
        per_criterion.append(
            CriterionFigures(
                criterion=criterion,
                percent_exact=_safe(agreement.percent_agreement, sub),
                alpha_interval=_safe(
                    agreement.krippendorff_alpha, sub, level="interval"
                ),
                mean=sum(present) / len(present) if present else None,
            )
        )
    counts: dict[int, int] = defaultdict(int)
    for assessor_id in calibration.sheets.filter(status=SUBMITTED).values_list(
        "assessor_id", flat=True
    ):
        counts[assessor_id] += 1
    return CalibrationReport(
        calibration=calibration,
        assessors=assessors,
        recordings=recordings,
        overall=figures(matrix),
        criteria=per_criterion,
        per_assessor=per_assessor_figures(
            matrix,
            assessors,
            steps=[100 / (len(c["levels"]) - 1) for _, c in labels],
            max_deviation=calibration.max_deviation,
            min_agreement=calibration.min_agreement,
            sheets=counts,
        ),
        matrix=matrix,
        row_labels=labels,
        submitted=sum(counts.values()),
        expected=len(assessors) * len(recordings),
    )


HISTORY_SESSIONS = 24  # the trend page shows the most recent sessions


def calibration_history(
    user, *, rubric_id: int | None = None
) -> list[CalibrationReport]:
    """The report of each of the latest calibration sessions the user
    organised (HR: all), oldest first: agreement over time for a rubric and
    for each assessor."""
    qs = permissions.calibrations_visible_to(user).select_related(
        "rubric_version__rubric", "organiser"
    )
    if not permissions.is_hr(user):
        me = employee_of(user)
        qs = qs.filter(organiser=me)
    if rubric_id:
        qs = qs.filter(rubric_version__rubric_id=rubric_id)
    recent = list(qs.order_by("-created_at", "-pk")[:HISTORY_SESSIONS])
    return [calibration_report(c) for c in reversed(recent)]


def assessor_trend(reports: list[CalibrationReport]) -> list[dict]:
    """Per assessor, their deviation and agreement in each session, in order."""
    rows: dict[int, dict] = {}
    for index, report in enumerate(reports):
        for figure in report.per_assessor:
            row = rows.setdefault(
                figure.employee.pk,
                {"employee": figure.employee, "cells": [None] * len(reports)},
            )
            row["cells"][index] = figure
    return sorted(rows.values(), key=lambda r: r["employee"].name)


def double_scoring_figures(user, *, rubric_id: int | None = None) -> Figures | None:
    """Agreement between primary and blind second sheets of real assessments:
    rows = (pair x criterion), columns = (primary, second)."""
    if not permissions.is_hr(user) and not permissions.can_run_calibration(user):
        return None
    seconds = (
        permissions.assessments_visible_to(user)
        .filter(kind=Kind.SECOND, status=SUBMITTED)
        .select_related("rubric_version")
        .prefetch_related("scores")
    )
    if rubric_id:
        seconds = seconds.filter(rubric_version__rubric_id=rubric_id)
    seconds = list(seconds)
    primaries = {
        (a.session_id, a.learner_id): a
        for a in RolePlayAssessment.objects.filter(
            kind=Kind.ASSESSOR,
            status=SUBMITTED,
            session_id__in=[s.session_id for s in seconds],
        ).prefetch_related("scores")
    }
    matrix = []
    for second in seconds:
        primary = primaries.get((second.session_id, second.learner_id))
        if primary is None:
            continue
        a_points = {s.criterion_id: s.points for s in primary.scores.all()}
        b_points = {s.criterion_id: s.points for s in second.scores.all()}
        for criterion in criteria_of(second.rubric_version):
            matrix.append(
                [
                    normalised(criterion, a_points.get(criterion["id"])),
                    normalised(criterion, b_points.get(criterion["id"])),
                ]
            )
    return figures(matrix)
