"""The quiz statistics page: SQL aggregates equal the pure functions over the
same table, trainers and HR only, bounded queries."""

import pytest
from django.urls import reverse

from performance.analytics import itemstats, selectors
from tests.courses import factories as cf

from .conftest import seed_attempts

pytestmark = pytest.mark.django_db

MARKS = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 0, 1], [0, 1, 1]]


def test_sql_sums_equal_the_plain_table(quiz_course):
    """What the database sums equals item_sums over the same marks, with
    weights; first attempts only (a second attempt changes nothing)."""
    course, questions = quiz_course
    weights = [1.0, 2.0, 0.5]
    seed_attempts(course, questions, MARKS, weights=weights)
    report = selectors.quiz_report(course.quiz)
    table = [[m * w for m, w in zip(row, weights, strict=True)] for row in MARKS]
    expected = itemstats.item_statistics(
        itemstats.item_sums(table, weights, ids=[q.pk for q in questions])
    )
    got = {r.stats.question_id: r.stats for r in report.rows}
    for e in expected:
        g = got[e.question_id]
        for field in (
            "facility",
            "sd",
            "intended_weight",
            "effective_weight",
            "discrimination_index",
            "discriminative_efficiency",
        ):
            assert getattr(g, field) == pytest.approx(getattr(e, field)), field
        assert g.random_guess == pytest.approx(50)  # two options, one right
    q = itemstats.quiz_statistics(itemstats.quiz_sums(table, weights))
    assert report.stats.cic == pytest.approx(q.cic)
    assert report.stats.standard_error == pytest.approx(q.standard_error)
    assert report.stats.s == len(MARKS)


def test_distractor_counts_from_stored_responses(quiz_course):
    course, questions = quiz_course
    seed_attempts(course, questions, MARKS)
    report = selectors.quiz_report(course.quiz)
    first = next(r for r in report.rows if r.stats.question_id == questions[0].pk)
    by_credit = {o.credit: o.n for o in first.options}
    assert by_credit == {1.0: 4, 0.0: 2}


def test_page_shows_moodle_names_for_trainer(quiz_course, trainer, login):
    course, questions = quiz_course
    seed_attempts(course, questions, MARKS)
    client = login(trainer, mfa=True)
    response = client.get(reverse("performance:analytics_quiz", args=[course.quiz.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "Facility index",
        "Discrimination index",
        "Discriminative efficiency",
        "Coefficient of internal consistency",
        "Error ratio",
        "Standard error",
        "Effective weight",
        "Random guess score",
        "Figures as of",
    ):
        assert name in html
    export = client.get(
        reverse("performance:analytics_quiz_export", args=[course.quiz.pk])
    )
    body = b"".join(export.streaming_content).decode()
    assert body.startswith("\ufeffQuestion,Attempts,Facility index")
    assert len(body.strip().splitlines()) == 4


def test_staff_and_managers_are_refused(quiz_course, staff, manager, login):
    course, _ = quiz_course
    url = reverse("performance:analytics_quiz", args=[course.quiz.pk])
    assert login(staff).get(url).status_code == 403
    assert login(manager).get(url).status_code == 403


@pytest.mark.parametrize("learners", [4, 40])
def test_queries_bounded(
    quiz_course, hr, login, django_assert_max_num_queries, learners
):
    """The same number of queries at 4 and 40 learners and with more questions
    answered: the per-attempt work is SQL aggregates."""
    course, questions = quiz_course
    seed_attempts(course, questions, (MARKS * 10)[:learners])
    client = login(hr, mfa=True)
    url = reverse("performance:analytics_quiz", args=[course.quiz.pk])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("performance:analytics_quizzes")).status_code == 200


def test_true_false_and_multiple_distractors(library):
    from tests.training.conftest import make_course

    tf = cf.question(kind="true_false", true_false_answer=True, options=[])
    multi = cf.question(
        kind="multiple",
        options=[cf.option("A", 0.5), cf.option("B", 0.5), cf.option("C", -1)],
    )
    course = make_course(library, lessons=0, quiz=cf.quiz([tf, multi]))
    ids = [oid for oid, _ in multi.option_values]
    seed_attempts(
        course,
        [tf, multi],
        [[1, 1], [0, 0.5], [1, 0]],
        responses=[[True, ids[:2]], [False, ids[:1]], [True, ids[2:]]],
    )
    rows = {r.stats.question_id: r for r in selectors.quiz_report(course.quiz).rows}
    assert [o.n for o in rows[tf.pk].options] == [2, 1]
    assert [o.n for o in rows[multi.pk].options] == [2, 1, 1]


def test_question_editor_warns_about_flags(quiz_course, trainer, login):
    """A question everyone gets right is flagged "too easy" on its edit
    page in Wagtail, with a link to the quiz statistics."""
    course, questions = quiz_course
    marks = [[1, 1, 1], [1, 1, 1], [1, 0, 0], [1, 0, 0], [1, 1, 0]]
    seed_attempts(course, questions, marks)
    client = login(trainer, mfa=True)
    url = reverse("wagtailsnippets_courses_question:edit", args=[questions[0].pk])
    response = client.get(url, follow=True)
    html = response.content.decode()
    assert "too easy" in html
    assert reverse("performance:analytics_quiz", args=[course.quiz.pk]) in html
    calm = client.get(
        reverse("wagtailsnippets_courses_question:edit", args=[questions[1].pk])
    ).content.decode()
    assert "Quiz statistics:" not in calm
