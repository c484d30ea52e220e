"""Skill matrix: levels from dated evidence, gaps against the position's
required level, assigning the closing course, XLSX export."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import SkillArea
from performance.analytics import skills
from performance.models import PositionSkillRequirement
from tests.courses import factories as cf
from tests.factories import employee_with_role
from tests.training.conftest import make_course
from training.models import Certificate, Enrollment

from .conftest import seed_attempts

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _evidence(**raw):
    base = {"courses": [], "answers": [], "roleplays": [], "audits": []}
    base.update(raw)
    tags = {
        "courses": {1: {"level": 2, "title": "Listening", "areas": [7]}},
        "questions": {10: [7], 11: [7]},
        "scenarios": {5: [7]},
        "rubrics": {"rubric-key": {7}},
    }
    return skills.build_evidence(base, tags, now=NOW)


def test_course_level_and_expired_certificate_lowers_it():
    valid = _evidence(courses=[(3, 1, NOW, NOW + dt.timedelta(days=9), None)])
    assert skills.cell_level(valid[(3, 7)]) == 2
    expired = _evidence(courses=[(3, 1, NOW, NOW - dt.timedelta(days=1), None)])
    assert skills.cell_level(expired[(3, 7)]) == 1
    assert {e.kind for e in expired[(3, 7)]} == {"course", "certificate_expired"}


def test_quiz_and_roleplay_levels():
    quiz = _evidence(answers=[(3, 10, 2, 2.0, NOW), (3, 11, 2, 1.6, NOW)])
    assert skills.cell_level(quiz[(3, 7)]) == 3  # 3.6 / 4 = 90 %
    few = _evidence(answers=[(3, 10, 2, 2.0, NOW)])
    assert (3, 7) not in few  # fewer than MIN_ANSWERS
    play = _evidence(roleplays=[(3, 5, 2, 88.0, NOW)])
    assert skills.cell_level(play[(3, 7)]) == 4
    assert skills.roleplay_level(60) == 2 and skills.quiz_level(40) == 0


def test_audits_count_for_the_areas_of_their_rubric():
    """Audits on a rubric the area's scenarios use: mean of all audits (two at
    90 %, one at 60 %: 80 %) on the role-play scale, dated by the last visit."""
    cells = _evidence(
        audits=[(3, "rubric-key", 2, 90.0, NOW - dt.timedelta(days=9)),
                (3, "rubric-key", 1, 60.0, NOW)]
    )  # fmt: skip
    (audit,) = cells[(3, 7)]
    assert (audit.kind, audit.n, audit.value, audit.level) == ("audit", 3, 80.0, 3)
    assert audit.date == NOW
    assert _evidence(audits=[(3, "other-rubric", 1, 90.0, NOW)]) == {}


@pytest.fixture
def gap(library, staff, manager):
    """staff (a teller) must be at level 2 in a skill area; they completed a
    level-1 course of it (certificate expired), so the cell is a gap and a
    level-2 course of the area closes it."""
    area = SkillArea.objects.filter(kind="skill").first()
    staff.position = "teller"
    staff.save()
    PositionSkillRequirement.objects.create(position="teller", skill_area=area, level=2)
    basic = make_course(library, lessons=0, level=1, title="Basics")
    basic.skill_areas.add(area)
    basic.save_revision().publish()
    closing = make_course(library, lessons=0, level=2, title="Listening deeper")
    closing.skill_areas.add(area)
    closing.save_revision().publish()
    enrollment = Enrollment.objects.create(
        employee=staff, course=basic, completed_at=NOW - dt.timedelta(days=400)
    )
    Certificate.objects.create(
        enrollment=enrollment,
        employee=staff,
        course=basic,
        expires_at=NOW - dt.timedelta(days=30),
    )
    return area, closing


def test_gap_cell_and_assign(gap, staff, hr, login):
    area, closing = gap
    client = login(hr, mfa=True)
    matrix = client.get(reverse("performance:analytics_skills")).content.decode()
    cell_url = reverse("performance:analytics_skill_cell", args=[staff.pk, area.pk])
    assert cell_url in matrix and 'data-gap="1"' in matrix
    cell = client.get(cell_url).content.decode()
    assert "Certificate of Basics expired" in cell
    assert "Listening deeper" in cell
    assign = reverse("performance:analytics_skill_assign", args=[staff.pk, area.pk])
    # A course not offered for this cell is refused, nothing assigned.
    client.post(assign, {"course": "999999"})
    assert not Enrollment.objects.filter(employee=staff, course=closing).exists()
    response = client.post(assign, {"course": closing.pk}, follow=True)
    assert "assigned to" in response.content.decode()
    assert Enrollment.objects.filter(
        employee=staff, course=closing, is_current=True
    ).exists()


def test_manager_sees_only_their_team(gap, staff, other_staff, manager, login):
    area, _ = gap
    client = login(manager)
    html = client.get(reverse("performance:analytics_skills")).content.decode()
    assert staff.name in html and other_staff.name not in html
    other = reverse("performance:analytics_skill_cell", args=[other_staff.pk, area.pk])
    assert client.get(other).status_code == 404


def test_filters_and_xlsx_export(gap, staff, other_staff, hr, login):
    client = login(hr, mfa=True)
    url = reverse("performance:analytics_skills")
    html = client.get(url, {"store": staff.store_id}).content.decode()
    assert staff.name in html and other_staff.name not in html
    assert client.get(url, {"store": "x", "position": "nope"}).status_code == 200
    # The team filter offers the chosen store's teams, and none without a store.
    assert 'id="f-team"' not in client.get(url).content.decode()
    teams = html.split('id="f-team"')[1].split("</select>")[0]
    assert f'<option value="{staff.team_id}"' in teams
    assert f'<option value="{other_staff.team_id}"' not in teams
    cell = reverse("performance:analytics_skill_cell", args=[staff.pk, gap[0].pk])
    assert f'href="{cell}?store={staff.store_id}"' in html
    response = client.get(
        reverse("performance:analytics_skills_export"), {"store": staff.store_id}
    )
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Employee number"
    assert [r[0] for r in rows[1:]] == [
        e.number
        for e in sorted(
            [
                staff,
                *type(staff).objects.filter(store=staff.store).exclude(pk=staff.pk),
            ],
            key=lambda e: e.number,
        )
        if e.status == "active"
    ]
    assert rows[1 + [r[0] for r in rows[1:]].index(staff.number)][-1] == 1


@pytest.mark.parametrize("people", [3, 30])
def test_queries_bounded(library, hr, login, django_assert_max_num_queries, people):
    questions = [cf.question() for _ in range(3)]
    course = make_course(library, lessons=0, quiz=cf.quiz(questions))
    seed_attempts(course, questions, [[1, 0, 1]] * people)
    for _ in range(people):
        employee_with_role("staff")
    client = login(hr, mfa=True)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("performance:analytics_skills")).status_code == 200


def test_an_audit_shows_in_the_cell_of_its_rubrics_area(library, staff, manager, hr, login):
    """A mystery-shopper visit on the rubric of an area's role-play scenario
    is dated evidence in that area's cell."""
    from performance.audits import services as audits
    from performance.models import Audit
    from tests.performance.audits.conftest import ids, levels_at

    area = SkillArea.objects.filter(kind="skill").first()
    scenario = cf.scenario()
    scenario.skill_areas.add(area)
    scenario.save()
    positions = [len(levels) - 1 for _, levels in ids(scenario.rubric)]
    audits.audit_record(
        auditor=manager,
        kind=Audit.Kind.MYSTERY_SHOPPER,
        touchpoint=Audit.Touchpoint.FACE_TO_FACE,
        rubric=scenario.rubric,
        visited_on=timezone.localdate(),
        scores=levels_at(scenario.rubric, *positions),
        employee=staff,
    )
    cell = reverse("performance:analytics_skill_cell", args=[staff.pk, area.pk])
    html = login(hr, mfa=True).get(cell).content.decode()
    assert "1 audits on the job" in html
    assert 'id="cell-level">4<' in html  # every criterion at its top level: 100 %
