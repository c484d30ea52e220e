"""The read-only content API: courses, learning paths and rubrics each
listed once, texts in the requester's language (?lang=, Accept-Language)
with translation_missing; rubric versions carry the criterion and level ids
a client scores with, so a new rubric can be scored through the API alone."""

from copy import deepcopy

import pytest
from rest_framework.test import APIClient

from courses.models import LearningPath
from courses.models.paths import LearningPathCourse
from people.services import api_token_create
from tests.courses import factories as cf
from tests.training.conftest import make_course
from tests.training.roleplay import builders as b

pytestmark = pytest.mark.django_db
API = "/api/"
JSON = "application/json"


@pytest.fixture
def bilingual(library):
    """A translated course (and its library) and one left untranslated."""
    other = cf.other_locale()
    translated = make_course(library, lessons=1, title="Greeting guests")
    library.copy_for_translation(other).save_revision().publish()
    copy = translated.copy_for_translation(other)
    copy.title = "译 Greeting guests"
    copy.save_revision().publish()
    untranslated = make_course(library, lessons=0, title="Handling complaints")
    return {"other": other, "translated": translated, "untranslated": untranslated}


def test_courses_once_each_in_the_requested_language(login, staff, bilingual):
    other = bilingual["other"].language_code
    client = login(staff)
    rows = client.get(API + "courses/", {"lang": other}).json()["results"]
    assert [r["id"] for r in rows] == [
        bilingual["translated"].pk,
        bilingual["untranslated"].pk,
    ]
    assert rows[0]["title"] == "译 Greeting guests"
    assert rows[0]["translation_missing"] is False and rows[0]["language"] == other
    assert rows[1]["title"] == "Handling complaints"
    assert rows[1]["translation_missing"] is True
    original = client.get(API + "courses/").json()["results"]
    assert original[0]["title"] == "Greeting guests"
    assert not any(r["translation_missing"] for r in original)
    detail = client.get(
        API + f"courses/{bilingual['translated'].pk}/", {"lang": other}
    ).json()
    assert detail["title"] == "译 Greeting guests" and len(detail["lessons"]) == 0


def test_a_token_reads_by_accept_language(staff, bilingual):
    key = api_token_create(user=staff.user, name="t", scopes=["read"])[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    other = bilingual["other"].language_code
    rows = client.get(API + "courses/", HTTP_ACCEPT_LANGUAGE=other).json()["results"]
    assert rows[0]["title"] == "译 Greeting guests"
    assert client.post(API + "courses/", {}, format="json").status_code in (403, 405)


def test_anonymous_is_refused(client, bilingual):
    assert client.get(API + "courses/").status_code in (401, 403)
    assert client.get(API + "rubrics/").status_code in (401, 403)


def test_paths_list_their_courses_in_order(login, staff, library):
    first, second = (make_course(library, lessons=0) for _ in range(2))
    path = LearningPath.objects.create(title="Onboarding", sequential=True)
    for order, course in enumerate([second, first]):
        LearningPathCourse.objects.create(path=path, course=course, sort_order=order)
    other = cf.other_locale().language_code
    row = login(staff).get(API + f"learning-paths/{path.pk}/", {"lang": other}).json()
    assert row["courses"] == [second.pk, first.pk]
    assert row["title"] == "Onboarding" and row["translation_missing"] is True


def _bilingual_rubric():
    rubric = cf.rubric(title="Counter rubric")
    copy = rubric.copy_for_translation(cf.other_locale())
    copy.title = "译 Counter rubric"
    data = deepcopy(list(copy.criteria.raw_data))
    for block in data:
        block["value"]["title"] = "译 " + block["value"]["title"]
        for level in block["value"]["levels"]:
            level["value"]["label"] = "译 " + level["value"]["label"]
    copy.criteria = data
    copy.save()
    return rubric


def test_rubrics_with_criterion_and_level_ids_per_language(login, staff):
    rubric = _bilingual_rubric()
    other = cf.other_locale().language_code
    client = login(staff)
    rows = client.get(API + "rubrics/", {"lang": other}).json()["results"]
    assert [(r["id"], r["title"]) for r in rows] == [(rubric.pk, "译 Counter rubric")]
    mine = client.get(API + f"rubrics/{rubric.pk}/").json()
    theirs = client.get(API + f"rubrics/{rubric.pk}/", {"lang": other}).json()
    assert [c["title"] for c in mine["criteria"]] == ["Greeting", "Empathy"]
    assert [c["title"] for c in theirs["criteria"]] == ["译 Greeting", "译 Empathy"]
    # The same ids in both languages, the rubric's block ids.
    ids = [block.id for block in rubric.criteria]
    assert (
        [c["id"] for c in mine["criteria"]]
        == ids
        == [c["id"] for c in theirs["criteria"]]
    )
    assert [lv["id"] for lv in theirs["criteria"][0]["levels"]] == [
        lv.id for lv in rubric.criteria[0].value["levels"].bound_blocks
    ]


def test_a_new_rubric_is_scored_through_the_api_alone(login, trainer, staff):
    """Start the sheet, read its rubric version's ids, score each criterion,
    submit: no id known to the client beforehand but the session's."""
    rubric = cf.rubric(title="Brand-new rubric")
    session = b.schedule(
        organiser=trainer,
        learners=[staff],
        assessors=[trainer],
        scenario_obj=cf.scenario(rubric),
    )
    client = login(trainer)
    sheet = client.post(
        API + "roleplay-assessments/",
        {"session": session.pk, "learner": staff.pk},
        content_type=JSON,
    ).json()
    version = client.get(API + f"rubric-versions/{sheet['rubric_version']}/").json()
    assert version["rubric"] == rubric.pk and version["title"] == "Brand-new rubric"
    for criterion in version["criteria"]:
        top = max(criterion["levels"], key=lambda lv: lv["points"])
        response = client.post(
            API + "roleplay-criterion-scores/",
            {
                "assessment": sheet["id"],
                "criterion_id": criterion["id"],
                "level_id": top["id"],
            },
            content_type=JSON,
        )
        assert response.status_code == 201, response.content
    done = client.post(
        API + f"roleplay-assessments/{sheet['id']}/submit/", {}, content_type=JSON
    )
    assert done.status_code == 200, done.content
    assert done.json()["percent"] == 100.0
    listed = client.get(API + "rubric-versions/", {"rubric": rubric.pk}).json()
    assert [v["id"] for v in listed["results"]] == [sheet["rubric_version"]]


@pytest.mark.parametrize("resource", ["courses", "learning-paths", "rubrics"])
def test_lists_take_the_same_queries_at_two_sizes(
    login, staff, library, resource, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other = cf.other_locale()

    def add():
        course = make_course(library, lessons=0)
        path = LearningPath.objects.create(title="P")
        LearningPathCourse.objects.create(path=path, course=course, sort_order=0)
        rubric = cf.rubric()
        rubric.copy_for_translation(other).save()
        path.copy_for_translation(other).save()

    client = login(staff)
    add()
    url = API + resource + "/?lang=" + other.language_code
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    # Read now: each request clears Django's query log.
    expected = len(small)
    for _ in range(4):
        add()
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).json()["count"] == 5
