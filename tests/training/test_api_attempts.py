"""The quiz-attempt API: the learner's own attempts only; start, save,
submit, review on the server's clock; correct answers, feedback and scores
only where the quiz's review options allow (during the attempt and after),
as on the web player; bad input 400, a second submit 409, nothing else
stored."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.courses.factories import MARKER
from training import services
from training.models import AttemptAnswer, QuizAttempt

from .conftest import correct_answers, make_course, make_quiz

pytestmark = pytest.mark.django_db
URL = "/api/quiz-attempts/"
JSON = "application/json"


def _course(library, staff, **review):
    quiz = make_quiz(n=2, **review)
    course = make_course(library, lessons=0, quiz=quiz, require_quiz=True)
    services.assignment_create(course=course, employees=[staff])
    return course


def _start(client, course):
    response = client.post(URL, {"course": course.pk}, content_type=JSON)
    assert response.status_code == 201, response.content
    return response.json()


def test_start_save_submit_review(library, staff, login):
    """The whole attempt through the API: questions without answers, a
    save, the submit graded on the server, the review by the after options
    (score and feedback shown, correct answers not, by default)."""
    client = login(staff)
    data = _start(client, _course(library, staff))
    assert data["status"] == "in_progress" and data["deadline"]
    assert 0 < data["seconds_left"] <= 600
    assert len(data["questions"]) == 2
    assert MARKER not in str(data) and "credit" not in str(data)
    attempt = QuizAttempt.objects.get(pk=data["id"])
    answers = {str(k): v for k, v in correct_answers(attempt).items()}
    first = dict(list(answers.items())[:1])
    saved = client.post(
        f"{URL}{attempt.pk}/save/", {"answers": first}, content_type=JSON
    )
    assert saved.status_code == 200, saved.content
    assert [q["response"] for q in saved.json()["questions"] if q["response"]]
    assert client.get(f"{URL}{attempt.pk}/review/").status_code == 409
    done = client.post(
        f"{URL}{attempt.pk}/submit/", {"answers": answers}, content_type=JSON
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "finished" and done.json()["percent"] == 100.0
    review = client.get(f"{URL}{attempt.pk}/review/").json()
    assert review["attempt"]["review_options"] == {
        "score": True,
        "answers": False,
        "feedback": True,
    }
    for item in review["items"]:
        assert item["score"] == 1.0
        assert "correct" not in item
        assert any(MARKER in f for f in item["feedback"])


def test_after_options_off_hide_score_answers_and_feedback(library, staff, login):
    client = login(staff)
    course = _course(
        library,
        staff,
        review_after_score=False,
        review_after_answers=False,
        review_after_feedback=False,
    )
    data = _start(client, course)
    attempt = QuizAttempt.objects.get(pk=data["id"])
    answers = {str(k): v for k, v in correct_answers(attempt).items()}
    done = client.post(
        f"{URL}{attempt.pk}/submit/", {"answers": answers}, content_type=JSON
    ).json()
    assert done["percent"] is None and done["passed"] is None
    review = client.get(f"{URL}{attempt.pk}/review/").json()
    body = str(review)
    assert MARKER not in body and "correct" not in body
    assert all(item["score"] is None for item in review["items"])
    listed = client.get(URL).json()["results"][0]
    assert listed["percent"] is None


def test_after_answers_option_shows_the_correct_answer(library, staff, login):
    client = login(staff)
    data = _start(client, _course(library, staff, review_after_answers=True))
    attempt = QuizAttempt.objects.get(pk=data["id"])
    answers = correct_answers(attempt)
    client.post(f"{URL}{attempt.pk}/submit/", {"answers": {}}, content_type=JSON)
    items = client.get(f"{URL}{attempt.pk}/review/").json()["items"]
    assert {i["id"]: i["correct"] for i in items} == answers


def test_nothing_is_checked_during_the_attempt_by_default(library, staff, login):
    client = login(staff)
    data = _start(client, _course(library, staff))
    attempt = QuizAttempt.objects.get(pk=data["id"])
    answers = {str(k): v for k, v in correct_answers(attempt).items()}
    saved = client.post(
        f"{URL}{attempt.pk}/save/", {"answers": answers}, content_type=JSON
    ).json()
    assert all("check" not in q for q in saved["questions"])
    assert saved["percent"] is None and MARKER not in str(saved)
    assert saved["review_options"] == {
        "score": False,
        "answers": False,
        "feedback": False,
    }


@pytest.mark.parametrize(
    "option,key",
    [
        ("review_during_score", "score"),
        ("review_during_answers", "correct"),
        ("review_during_feedback", "feedback"),
    ],
)
def test_each_during_option_checks_its_part_only(library, staff, login, option, key):
    client = login(staff)
    data = _start(client, _course(library, staff, **{option: True}))
    attempt = QuizAttempt.objects.get(pk=data["id"])
    answers = {str(k): v for k, v in correct_answers(attempt).items()}
    saved = client.post(
        f"{URL}{attempt.pk}/save/", {"answers": answers}, content_type=JSON
    ).json()
    for question in saved["questions"]:
        assert set(question["check"]) == {key}
    shown = client.get(f"{URL}{attempt.pk}/").json()
    assert all(set(q["check"]) == {key} for q in shown["questions"])


def test_bad_answers_are_400_and_store_nothing(library, staff, login):
    """An answer to a question not in the attempt, a non-integer id, an
    option that is not the question's, a body that is not an object: 400
    on ``answers``, nothing stored."""
    client = login(staff)
    data = _start(client, _course(library, staff))
    attempt = QuizAttempt.objects.get(pk=data["id"])
    qid = str(attempt.plan[0]["question_id"])
    for answers in ({"999999": "x"}, {"abc": "x"}, {qid: "not-an-option"}, [1, 2]):
        for action in ("save", "submit"):
            response = client.post(
                f"{URL}{attempt.pk}/{action}/", {"answers": answers}, content_type=JSON
            )
            assert response.status_code == 400, (answers, response.content)
            assert "answers" in response.json()
    assert not AttemptAnswer.objects.filter(
        attempt=attempt, response__isnull=False
    ).exists()
    attempt.refresh_from_db()
    assert attempt.is_open


def test_second_submit_is_409(library, staff, login):
    client = login(staff)
    data = _start(client, _course(library, staff))
    url = f"{URL}{data['id']}/submit/"
    assert client.post(url, {}, content_type=JSON).status_code == 200
    again = client.post(url, {}, content_type=JSON)
    assert again.status_code == 409
    assert again.json()["detail"]
    assert (
        client.post(f"{URL}{data['id']}/save/", {}, content_type=JSON).status_code
        == 409
    )


def test_after_the_deadline_answers_are_refused_and_the_attempt_closes(
    library, staff, login
):
    client = login(staff)
    data = _start(client, _course(library, staff))
    attempt = QuizAttempt.objects.get(pk=data["id"])
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - dt.timedelta(hours=1),
        deadline=timezone.now() - dt.timedelta(minutes=5),
    )
    answers = {str(k): v for k, v in correct_answers(attempt).items()}
    late = client.post(
        f"{URL}{attempt.pk}/submit/", {"answers": answers}, content_type=JSON
    )
    assert late.status_code == 409
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.closed_by_timeout
    assert not AttemptAnswer.objects.filter(
        attempt=attempt, response__isnull=False
    ).exists()


def test_opening_a_late_attempt_closes_it(library, staff, login):
    client = login(staff)
    data = _start(client, _course(library, staff))
    QuizAttempt.objects.filter(pk=data["id"]).update(
        started_at=timezone.now() - dt.timedelta(hours=1),
        deadline=timezone.now() - dt.timedelta(minutes=5),
    )
    shown = client.get(f"{URL}{data['id']}/").json()
    assert shown["status"] == "finished" and shown["questions"] == []


def test_start_refusals(library, staff, other_staff, login):
    """Unknown course, not enrolled, a course without a quiz: 400 on
    ``course``; in Chinese when asked."""
    course = _course(library, staff)
    no_quiz = make_course(library, lessons=0)
    services.assignment_create(course=no_quiz, employees=[staff])
    client = login(staff)
    for body in ({"course": 999999}, {"course": "x"}, {"course": no_quiz.pk}, {}):
        response = client.post(URL, body, content_type=JSON)
        assert response.status_code == 400 and "course" in response.json()
    zh = client.post(URL + "?lang=zh-hans", {"course": no_quiz.pk}, content_type=JSON)
    assert zh.json()["course"] == ["本课程没有测验。"]
    client.logout()
    other = login(other_staff).post(URL, {"course": course.pk}, content_type=JSON)
    assert other.status_code == 400
    assert other.json()["course"] == ["You are not enrolled in this course."]


def test_anyone_elses_attempt_is_404(library, staff, manager, hr, login):
    client = login(staff)
    data = _start(client, _course(library, staff))
    client.logout()
    for who in (manager, hr):
        other = login(who)
        for path in ("", "review/"):
            assert other.get(f"{URL}{data['id']}/{path}").status_code == 404
        for path in ("save/", "submit/"):
            response = other.post(f"{URL}{data['id']}/{path}", {}, content_type=JSON)
            assert response.status_code == 404
        assert other.get(URL).json()["count"] == 0
        other.logout()
    assert QuizAttempt.objects.get(pk=data["id"]).is_open


def test_list_queries_do_not_grow_with_rows(
    library, staff, login, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(staff)
    courses = [_course(library, staff) for _ in range(4)]
    _start(client, courses[0])
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    # Read now: each request clears Django's query log.
    expected = len(small)
    for course in courses[1:]:
        _start(client, course)
    with django_assert_num_queries(expected):
        assert client.get(URL).json()["count"] == 4
