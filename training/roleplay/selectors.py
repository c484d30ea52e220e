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
from dataclasses import field as dc_field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

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
    """The version's criteria with their words in the viewer's language."""
    return version.localized_snapshot["criteria"]


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


# Display order and wording of the ten statistics of a calibration report.
STATISTICS = {
    "icc_1_1": ("ICC(1,1)", _("one-way random, single assessor")),
    "icc_1_k": ("ICC(1,k)", _("one-way random, mean of the assessors")),
    "icc_2_1": ("ICC(2,1)", _("absolute agreement, single assessor")),
    "icc_2_k": ("ICC(2,k)", _("absolute agreement, mean of the assessors")),
    "icc_3_1": ("ICC(3,1)", _("consistency, single assessor")),
    "icc_3_k": ("ICC(3,k)", _("consistency, mean of the assessors")),
    "alpha_nominal": (_("Krippendorff's alpha (nominal)"), _("levels as categories")),
    "alpha_ordinal": (_("Krippendorff's alpha (ordinal)"), _("levels in order")),
    "alpha_interval": (
        _("Krippendorff's alpha (interval)"),
        _("scores 0–100, equal steps"),
    ),
    "alpha_ratio": (
        _("Krippendorff's alpha (ratio)"),
        _("the levels' own points, zero meaning none"),
    ),
}
# The figure that answers "do our assessors agree on one sheet?".
HEADLINE = "icc_2_1"
VERDICTS = {
    "poor": _("poor"),
    "moderate": _("moderate"),
    "good": _("good"),
    "excellent": _("excellent"),
    "unreliable": _("unreliable"),
    "tentative": _("tentative only"),
    "reliable": _("reliable"),
}


@dataclass(frozen=True)
class Statistic:
    """One value of a report with its 95 % interval and verdict (a
    `VERDICTS` code and a badge tone: good, warn, bad); None where undefined."""

    key: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    verdict: str
    tone: str

    @property
    def name(self):
        return STATISTICS[self.key][0]

    @property
    def description(self):
        return STATISTICS[self.key][1]

    @property
    def verdict_label(self):
        return VERDICTS.get(self.verdict, "")


@dataclass
class Figures:
    """Agreement over one ratings matrix; None where a statistic is undefined
    (too few complete subjects, no variance)."""

    subjects: int
    raters: int
    icc_1_1: float | None = None
    icc_1_k: float | None = None
    icc_2_1: float | None = None
    icc_3_1: float | None = None
    icc_2_k: float | None = None
    icc_3_k: float | None = None
    alpha_nominal: float | None = None
    alpha_interval: float | None = None
    alpha_ordinal: float | None = None
    alpha_ratio: float | None = None
    percent_exact: float | None = None
    complete: int = 0  # rows scored by every assessor: the n of the ICCs
    units: int | None = None  # recordings (or double-scored pairs)
    complete_units: int | None = None  # of which every row is complete
    statistics: list[Statistic] = dc_field(default_factory=list)

    @property
    def headline(self) -> Statistic | None:
        return next((s for s in self.statistics if s.key == HEADLINE), None)


def _safe(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except (ValueError, ZeroDivisionError):
        return None


def figures(
    matrix: agreement.Matrix,
    *,
    points: agreement.Matrix | None = None,
    units: list | None = None,
    intervals: bool = True,
) -> Figures:
    """The ten statistics over `matrix` (0-100 scores), with 95 % intervals
    (F bounds for the ICCs, a seeded unit bootstrap for alpha) and verdicts.
    Ratio alpha is computed on `points`, the same cells in the levels' own
    points (a ratio scale needs the true zero that rescaling moves); `units`
    names each row's recording, to count the recordings complete."""
    raters = len(matrix[0]) if matrix else 0
    result = Figures(subjects=len(matrix), raters=raters)
    result.complete = agreement.complete_rows(matrix) if raters else 0
    if units is not None:
        incomplete = {u for u, row in zip(units, matrix, strict=True) if None in row}
        result.units = len(set(units))
        result.complete_units = len(set(units) - incomplete)
    if not matrix or raters < 2:
        return result
    for key in STATISTICS:
        kind, _sep, code = key.partition("_")
        if kind == "icc":
            model = code.replace("_", ",")
            value = _safe(agreement.icc, matrix, model=model)
            ci = (
                _safe(agreement.icc_ci, matrix, model=model)
                if value is not None and intervals
                else None
            )
            verdict = agreement.icc_verdict(value) if value is not None else ""
        else:
            data = points if code == "ratio" and points is not None else matrix
            value = _safe(agreement.krippendorff_alpha, data, level=code)
            ci = (
                _safe(agreement.alpha_ci, data, level=code)
                if value is not None and intervals
                else None
            )
            verdict = agreement.alpha_verdict(value) if value is not None else ""
        setattr(result, key, value)
        result.statistics.append(
            Statistic(
                key=key,
                value=value,
                ci_low=ci[0] if ci else None,
                ci_high=ci[1] if ci else None,
                verdict=verdict,
                tone=agreement.TONES.get(verdict, ""),
            )
        )
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
    deviation_levels: float | None = None  # the same deviation in rubric levels


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


@dataclass(frozen=True)
class Matrices:
    """One calibration's cells three ways: 0-100 within each criterion (the
    report's scale), the levels' own points (ratio alpha) and the level's
    rank from 0 (deviation in levels)."""

    assessors: list
    recordings: list
    labels: list[tuple]  # (recording, criterion) per row
    scaled: list[list[float | None]]
    points: list[list[float | None]]
    levels: list[list[float | None]]


def level_rank(criterion: dict, points: float | None) -> float | None:
    """0 for the criterion's lowest level, 1 for the next, ..."""
    if points is None:
        return None
    ranks = sorted({lv["points"] for lv in criterion["levels"]})
    return float(ranks.index(points)) if points in ranks else None


def calibration_matrices(calibration: CalibrationSession) -> Matrices:
    """Assessors (columns), recordings, row labels and the matrices."""
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
    scaled, points, levels, labels = [], [], [], []
    for recording in recordings:
        for criterion in criteria:
            raw = [cell.get((recording.pk, criterion["id"], a.pk)) for a in assessors]
            points.append([None if x is None else float(x) for x in raw])
            scaled.append([normalised(criterion, x) for x in raw])
            levels.append([level_rank(criterion, x) for x in raw])
            labels.append((recording, criterion))
    return Matrices(assessors, recordings, labels, scaled, points, levels)


def calibration_matrix(
    calibration: CalibrationSession,
) -> tuple[list[Employee], list, list[tuple], list[list[float | None]]]:
    """Assessors (columns), recordings, row labels and the normalised matrix."""
    m = calibration_matrices(calibration)
    return m.assessors, m.recordings, m.labels, m.scaled


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
    levels=None,
) -> list[AssessorFigures]:
    """`levels`: the same cells as level ranks, for the deviation in levels."""
    deviations = (
        agreement.rater_deviation(matrix) if matrix else [None] * len(assessors)
    )
    level_deviations = (
        agreement.rater_deviation(levels) if levels else [None] * len(assessors)
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
                deviation_levels=level_deviations[j],
            )
        )
    return result


def calibration_report(
    calibration: CalibrationSession, *, intervals: bool = True
) -> CalibrationReport:
    """ICC(1,1)/(2,1)/(3,1) with average-measure forms, Krippendorff's alpha
    (nominal, ordinal, interval, ratio; missing scores allowed), each with its
    95 % interval and verdict, per-criterion agreement and each assessor's
    deviation from the consensus (points of 100 and levels), flagged against
    the session's thresholds. `intervals=False` skips the intervals (the
    history page shows point values only)."""
    m = calibration_matrices(calibration)
    assessors, recordings, labels, matrix = (
        m.assessors,
        m.recordings,
        m.labels,
        m.scaled,
    )
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
        overall=figures(
            matrix,
            points=m.points,
            units=[recording.pk for recording, _c in labels],
            intervals=intervals,
        ),
        criteria=per_criterion,
        per_assessor=per_assessor_figures(
            matrix,
            assessors,
            steps=[100 / (len(c["levels"]) - 1) for _, c in labels],
            max_deviation=calibration.max_deviation,
            min_agreement=calibration.min_agreement,
            sheets=counts,
            levels=m.levels,
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
    return [calibration_report(c, intervals=False) for c in reversed(recent)]


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
    matrix, points = [], []
    for second in seconds:
        primary = primaries.get((second.session_id, second.learner_id))
        if primary is None:
            continue
        a_points = {s.criterion_id: s.points for s in primary.scores.all()}
        b_points = {s.criterion_id: s.points for s in second.scores.all()}
        for criterion in criteria_of(second.rubric_version):
            pair = [a_points.get(criterion["id"]), b_points.get(criterion["id"])]
            matrix.append([normalised(criterion, x) for x in pair])
            points.append([None if x is None else float(x) for x in pair])
    return figures(matrix, points=points)
