"""Reads for the analytics pages: training and courses data through their
selectors, aggregated in SQL there; the statistics are the pure functions
of itemstats and effectiveness."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from courses.models import Question, Quiz
from training import selectors as training_selectors

from . import itemstats

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
