"""Skill levels from dated evidence, as pure functions.

Levels 0-4 (performance.models.SkillLevel). Each piece of evidence in a
skill area suggests a level; the cell shows the highest one demonstrated:

* a completed course tagged with the area: the course's level (foundation
  1, intermediate 2, advanced 3); when its certificate has expired or was
  revoked, one level lower (the knowledge is no longer certified);
* first-attempt quiz answers on the area's questions, at least MIN_ANSWERS:
  mean score ≥ 90 % → 3, ≥ 75 % → 2, ≥ 50 % → 1, else 0;
* assessor role-play scores on scenarios of the area (observed behaviour,
  the only evidence that reaches expert): mean ≥ 85 % → 4, ≥ 70 % → 3,
  ≥ 50 % → 2, else 1;
* mystery-shopper and call-monitoring audits on a rubric the area's
  scenarios use (behaviour observed on the job), on the role-play scale.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

MIN_ANSWERS = 3


@dataclass(frozen=True)
class Evidence:
    kind: str  # "course", "certificate_expired", "quiz", "roleplay", "audit"
    date: dt.datetime | None
    level: int
    label: str  # course title, or "n answers, mean x %"
    n: int = 1
    value: float | None = None  # mean score (%) for quiz and role-play


def quiz_level(mean_percent: float) -> int:
    if mean_percent >= 90:
        return 3
    if mean_percent >= 75:
        return 2
    if mean_percent >= 50:
        return 1
    return 0


def roleplay_level(mean_percent: float) -> int:
    if mean_percent >= 85:
        return 4
    if mean_percent >= 70:
        return 3
    if mean_percent >= 50:
        return 2
    return 1


def cell_level(evidence: list[Evidence]) -> int:
    return max((e.level for e in evidence), default=0)


def build_evidence(raw: dict, tags: dict, *, now: dt.datetime) -> dict:
    """(employee, area) → [Evidence], newest first, from
    training.selectors.skill_evidence (with "audits" from
    performance.audits.selectors.skill_evidence) and
    courses.selectors.skill_tags."""
    cells: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    for employee, course_id, completed, expires, revoked in raw["courses"]:
        course = tags["courses"].get(course_id)
        if course is None:
            continue
        lapsed = bool(revoked) or (expires is not None and expires <= now)
        level = max(0, course["level"] - 1) if lapsed else course["level"]
        for area in course["areas"]:
            cells[(employee, area)].append(
                Evidence("course", completed, level, course["title"])
            )
            if lapsed:
                cells[(employee, area)].append(
                    Evidence(
                        "certificate_expired",
                        revoked or expires,
                        level,
                        course["title"],
                    )
                )
    quiz: dict[tuple[int, int], list] = defaultdict(lambda: [0, 0.0, None])
    for employee, qid, n, total, last in raw["answers"]:
        for area in tags["questions"].get(qid, ()):
            cell = quiz[(employee, area)]
            cell[0] += n
            cell[1] += total or 0
            cell[2] = max(filter(None, (cell[2], last)), default=None)
    for key, (n, total, last) in quiz.items():
        if n >= MIN_ANSWERS:
            mean = 100 * total / n
            cells[key].append(Evidence("quiz", last, quiz_level(mean), "", n, mean))
    plays: dict[tuple[int, int], list] = defaultdict(lambda: [0, 0.0, None])
    for employee, scenario, n, mean, last in raw["roleplays"]:
        for area in tags["scenarios"].get(scenario, ()):
            cell = plays[(employee, area)]
            cell[0] += n
            cell[1] += (mean or 0) * n
            cell[2] = max(filter(None, (cell[2], last)), default=None)
    for key, (n, total, last) in plays.items():
        mean = total / n
        cells[key].append(Evidence("roleplay", last, roleplay_level(mean), "", n, mean))
    audits: dict[tuple[int, int], list] = defaultdict(lambda: [0, 0.0, None])
    for employee, rubric_key, n, mean, last in raw.get("audits", ()):
        for area in tags.get("rubrics", {}).get(rubric_key, ()):
            cell = audits[(employee, area)]
            cell[0] += n
            cell[1] += (mean or 0) * n
            cell[2] = max(filter(None, (cell[2], last)), default=None)
    for key, (n, total, last) in audits.items():
        mean = total / n
        cells[key].append(Evidence("audit", last, roleplay_level(mean), "", n, mean))
    far_past = dt.datetime.min.replace(tzinfo=dt.UTC)
    for items in cells.values():
        items.sort(key=lambda e: e.date or far_past, reverse=True)
    return dict(cells)
