"""Reads for the analytics pages: training and courses data through their
selectors, aggregated in SQL there; the statistics are the pure functions
of itemstats and effectiveness."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from courses.models import Question, Quiz
from training import selectors as training_selectors

from . import effectiveness, itemstats

CHOICE_KINDS = ("single", "multiple", "situational", "true_false")


@dataclass
class QuestionRow:
    question: Question  # in the viewer's language where translated
    stats: itemstats.ItemStats
    options: list[itemstats.OptionCount]


@dataclass
class QuizReport:
    quiz: Quiz
    stats: itemstats.QuizStats
    rows: list[QuestionRow]


def _option_list(question: Question) -> list[tuple[str, str, float]]:
    if question.kind == "true_false":
        answer = question.true_false_answer
        return [
            ("true", _("True"), 1.0 if answer else 0.0),
            ("false", _("False"), 0.0 if answer else 1.0),
        ]
    return [
        (oid, course_selectors.plain(v.get("text") or ""), float(v.get("credit") or 0))
        for oid, v in question.option_values
    ]


def _counts(responses) -> dict[int, dict[str, tuple[int, float]]]:
    """Per question, option id → (times chosen, Σ totals), from the grouped
    stored responses (an option id, a bool, or a list of ids)."""
    out: dict[int, dict[str, list]] = {}
    for qid, response, n, sum_t in responses:
        chosen = response if isinstance(response, list) else [response]
        per = out.setdefault(qid, {})
        for value in chosen:
            key = ("true" if value else "false") if isinstance(value, bool) else value
            if not isinstance(key, str):
                continue
            cell = per.setdefault(key, [0, 0.0])
            cell[0] += n
            cell[1] += sum_t
    return {q: {k: (v[0], v[1]) for k, v in per.items()} for q, per in out.items()}


def quiz_report(quiz: Quiz) -> QuizReport:
    """Moodle's quiz statistics report for one quiz (first attempts)."""
    quiz = course_selectors.canonical(quiz)
    data = training_selectors.quiz_item_analysis_inputs(quiz.pk)
    questions = course_selectors.questions_by_id(
        i["question_id"] for i in data["items"]
    )
    shown = training_selectors.localize_snippets(questions.values(), Question)
    guesses = {
        qid: itemstats.random_guess_score(
            q.kind,
            [c for _, _, c in _option_list(q)]
            if q.kind != "matching"
            else [1 for _, v in q.option_values if v.get("match")],
        )
        for qid, q in questions.items()
    }
    sums = [itemstats.ItemSums(**i) for i in data["items"]]
    quiz_stats = itemstats.quiz_statistics(itemstats.QuizSums(**data["quiz"]))
    counts = _counts(data["responses"])
    rows = []
    for stat in itemstats.item_statistics(sums, guesses):
        question = questions.get(stat.question_id)
        if question is None:  # deleted from the bank since
            continue
        local = shown.get(question.pk, question)
        options = []
        if question.kind in CHOICE_KINDS:
            options = itemstats.distractor_analysis(
                _option_list(local),
                counts.get(question.pk, {}),
                responses=stat.s,
                max_total=data["quiz"]["max_total"],
            )
        rows.append(QuestionRow(question=local, stats=stat, options=options))
    return QuizReport(quiz=quiz, stats=quiz_stats, rows=rows)


def quiz_choices() -> list[dict]:
    """Quizzes that have first attempts, in the viewer's language, with n."""
    counts = dict(training_selectors.quizzes_with_attempts())
    quizzes = list(Quiz.objects.filter(pk__in=counts).order_by("title", "pk"))
    shown = training_selectors.localize_snippets(quizzes, Quiz)
    return [
        {"quiz": shown.get(q.pk, q), "pk": q.pk, "attempts": counts[q.pk]}
        for q in quizzes
    ]


# --- training effectiveness (Kirkpatrick) ----------------------------------


@dataclass
class MetricEffect:
    metric: object  # performance.models.Metric
    did: effectiveness.DiD

    @property
    def verdict(self) -> str:
        """ "too_few", "pre_trends", "better", "worse" or "none"."""
        did = self.did
        if did.att is None or did.too_few:
            return "too_few"
        if did.pre_trends_differ:
            return "pre_trends"
        if not did.att.excludes_zero or did.negligible:
            return "none"
        up = did.att.estimate > 0
        return "better" if up == self.metric.higher_is_better else "worse"


@dataclass
class EffectivenessReport:
    course: object
    reaction: effectiveness.Reaction
    comments: list[dict]
    learning: effectiveness.Gain
    behaviour: effectiveness.Gain
    results: list[MetricEffect]
    trained: int
    pre_months: int
    post_months: int


def _month(value: dt.date) -> int:
    return value.year * 12 + value.month - 1


def employee_metric_panel(
    *, metric_ids, positions, start: dt.date, end: dt.date
) -> dict[int, dict[int, dict[int, float]]]:
    """metric → employee → month index → mean value, one GROUP BY query over
    employee-level observations of people in these positions."""
    from django.db.models import Avg
    from django.db.models.functions import TruncMonth

    from performance.models import Level, Observation

    rows = (
        Observation.objects.filter(
            level=Level.EMPLOYEE,
            metric_id__in=list(metric_ids),
            employee__position__in=list(positions),
            period_start__gte=start,
            period_start__lte=end,
        )
        .annotate(month=TruncMonth("period_start"))
        .values("metric_id", "employee_id", "month")
        .annotate(v=Avg("value"))
        .values_list("metric_id", "employee_id", "month", "v")
    )
    panel: dict = {}
    for metric_id, employee_id, month, value in rows:
        panel.setdefault(metric_id, {}).setdefault(employee_id, {})[_month(month)] = (
            value
        )
    return panel


def effectiveness_report(
    course, *, metrics=None, pre_months: int = 3, post_months: int = 3
) -> EffectivenessReport:
    """All four Kirkpatrick levels for one course.

    L4 compares each monthly completion cohort with employees of the same
    position who had not completed the course yet (staggered DiD, months
    before vs after completion); the completion month itself mixes days
    before and after, so it is left out (base: the month before it)."""
    from people.models import Employee
    from performance.audits import selectors as audit_selectors
    from performance.models import Level, Metric

    course = course_selectors.canonical(course)
    feedback = training_selectors.course_feedback_summary(course.pk)
    completions = training_selectors.course_completions(course.pk)
    skills = course_selectors.course_skill_area_ids(course)

    # L3: assessor and audit scores before vs after each learner's completion.
    before: dict[int, list[float]] = {}
    after: dict[int, list[float]] = {}
    if completions:
        scores = training_selectors.roleplay_scores_on_skills(
            employee_ids=completions, skill_area_ids=skills, course_id=course.pk
        )
        # Audits on the rubrics of the course's areas: the same standard,
        # observed on the job.
        scores += audit_selectors.scores_on_rubrics(
            employee_ids=completions,
            rubric_keys=course_selectors.rubric_keys_for_skills(skills),
        )
        for learner, at, percent in scores:
            side = before if at < completions[learner] else after
            side.setdefault(learner, []).append(percent)
    behaviour = effectiveness.paired_change(
        (sum(before[i]) / len(before[i]), sum(after[i]) / len(after[i]))
        for i in sorted(before.keys() & after.keys())
    )

    # L4: staggered difference-in-differences per metric.
    if metrics is None:
        metrics = list(Metric.objects.filter(is_active=True, level=Level.EMPLOYEE))
    results = []
    if completions and metrics:
        positions = dict(
            Employee.objects.filter(pk__in=list(completions)).values_list(
                "pk", "position"
            )
        )
        cohorts = {
            person: _month(timezone.localtime(at).date())
            for person, at in completions.items()
        }
        first, last = min(cohorts.values()), max(cohorts.values())
        start = dt.date(
            (first - pre_months - 1) // 12, (first - pre_months - 1) % 12 + 1, 1
        )
        end_index = last + post_months + 1
        end = dt.date(end_index // 12, end_index % 12 + 1, 1) + dt.timedelta(days=31)
        panel = employee_metric_panel(
            metric_ids=[m.pk for m in metrics],
            positions=set(positions.values()),
            start=start,
            end=end,
        )
        strata = dict(
            Employee.objects.filter(position__in=set(positions.values())).values_list(
                "pk", "position"
            )
        )
        for metric in metrics:
            did = effectiveness.staggered_did(
                panel.get(metric.pk, {}),
                cohorts,
                strata,
                pre=pre_months,
                post=post_months,
                transition=1,
            )
            results.append(MetricEffect(metric=metric, did=did))
    return EffectivenessReport(
        course=course,
        reaction=effectiveness.reaction(feedback["counts"]),
        comments=feedback["comments"],
        learning=effectiveness.learning_gain(
            training_selectors.course_pre_post(course.pk)
        ),
        behaviour=behaviour,
        results=results,
        trained=len(completions),
        pre_months=pre_months,
        post_months=post_months,
    )


def course_choices() -> list[dict]:
    """Courses that someone has completed, in the viewer's language."""
    from courses.models import CoursePage

    counts = dict(training_selectors.courses_with_completions())
    pages = list(CoursePage.objects.filter(pk__in=counts).order_by("path"))
    shown = training_selectors.localize_pages(pages)
    return [
        {"course": shown.get(p.pk, p), "pk": p.pk, "completed": counts[p.pk]}
        for p in pages
    ]


def question_flags(question) -> list[tuple[Quiz, itemstats.ItemStats]]:
    """The question's statistics in each quiz where it has flags (too easy,
    too hard, negatively or weakly discriminating), for the editor."""
    question = course_selectors.canonical(question)
    quiz_ids = training_selectors.quizzes_answering(question.pk)
    found = []
    for quiz in Quiz.objects.filter(pk__in=quiz_ids):
        report = quiz_report(quiz)
        for row in report.rows:
            if row.stats.question_id == question.pk and row.stats.flags:
                found.append((quiz, row.stats))
    return found


# --- skill matrix ------------------------------------------------------------

MATRIX_PAGE_SIZE = 50


@dataclass
class MatrixCell:
    area_id: int
    level: int
    required: int | None

    @property
    def gap(self) -> bool:
        return self.required is not None and self.level < self.required


@dataclass
class SkillMatrix:
    areas: list
    rows: list[tuple[object, list[MatrixCell]]]  # (employee, cells)
    page: object  # django Paginator page


def skill_areas() -> list:
    from courses.models import SkillArea

    return list(SkillArea.objects.filter(kind=SkillArea.Kind.SKILL))


def requirements(positions) -> dict[tuple[str, int], int]:
    from performance.models import PositionSkillRequirement

    return {
        (p, a): level
        for p, a, level in PositionSkillRequirement.objects.filter(
            position__in=list(positions)
        ).values_list("position", "skill_area_id", "level")
    }


def _skill_evidence(employee_ids: list[int]) -> dict:
    """Learning evidence (training) and audits of these people."""
    from performance.audits import selectors as audits

    return {
        **training_selectors.skill_evidence(employee_ids),
        "audits": audits.skill_evidence(employee_ids),
    }


def matrix_cells(employees, areas, *, now=None) -> list[tuple[object, list]]:
    """Each employee's level per area from their evidence (a few SQL
    aggregates for the whole list), with their position's required level."""
    from . import skills

    now = now or timezone.now()
    employees = list(employees)
    evidence = skills.build_evidence(
        _skill_evidence([e.pk for e in employees]),
        course_selectors.skill_tags(),
        now=now,
    )
    required = requirements({e.position for e in employees})
    return [
        (
            e,
            [
                MatrixCell(
                    a.pk,
                    skills.cell_level(evidence.get((e.pk, a.pk), [])),
                    required.get((e.position, a.pk)),
                )
                for a in areas
            ],
        )
        for e in employees
    ]


def skill_matrix(employees_qs, *, page_number=1) -> SkillMatrix:
    from django.core.paginator import Paginator

    areas = skill_areas()
    paginator = Paginator(
        employees_qs.order_by("number").only(
            "pk", "number", "name", "position", "store_id", "team_id"
        ),
        MATRIX_PAGE_SIZE,
    )
    page = paginator.get_page(page_number)
    return SkillMatrix(areas=areas, rows=matrix_cells(page, areas), page=page)


def skill_cell(employee, area, *, now=None) -> dict:
    """One cell opened: its dated evidence, the required level and the
    courses that would close a gap (with the person's current enrolment)."""
    from . import skills

    now = now or timezone.now()
    evidence = skills.build_evidence(
        _skill_evidence([employee.pk]), course_selectors.skill_tags(), now=now
    ).get((employee.pk, area.pk), [])
    level = skills.cell_level(evidence)
    required = requirements([employee.position]).get((employee.position, area.pk))
    closing = []
    if required is not None and level < required:
        candidates = [
            c
            for c in course_selectors.courses_for_skill(area.pk)
            if c.level >= min(required, 3)
        ] or course_selectors.courses_for_skill(area.pk)
        current = training_selectors.current_enrollments(
            employee.pk, [c.pk for c in candidates]
        )
        shown = training_selectors.localize_pages(candidates)
        closing = [
            {"course": shown.get(c.pk, c), "pk": c.pk, "enrollment": current.get(c.pk)}
            for c in candidates
        ]
    return {
        "evidence": evidence,
        "level": level,
        "required": required,
        "gap": required is not None and level < required,
        "closing": closing,
    }
