"""The course effectiveness page: all four levels from real rows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from performance.analytics import selectors
from tests.courses import factories as cf
from tests.factories import employee_with_role
from tests.training.conftest import make_course
from training.models import Enrollment

from .conftest import seed_course_panel

pytestmark = pytest.mark.django_db


def _csat(report):
    return next(r for r in report.results if r.metric.code == "csat")


def test_real_effect_with_ci(library):
    course, csat = seed_course_panel(library, effect=5.0)
    report = selectors.effectiveness_report(course, metrics=[csat])
    r = _csat(report)
    assert r.verdict == "better", r.did
    assert 4.0 < r.did.att.estimate < 6.0 and r.did.att.low > 0
    # The completion month is skipped, so by the earlier cohort's first full
    # month the later one is trained too: only the 8 never-trained compare.
    assert r.did.treated == 16 and r.did.controls == 8
    assert report.reaction.n == 16 and report.learning.n == 16
    assert report.learning.normalised == pytest.approx(
        (report.learning.post - report.learning.pre) / (100 - report.learning.pre)
    )


def test_null_effect_says_no_evidence(library, hr, login):
    course, csat = seed_course_panel(library, effect=0.0, seed=2)
    assert _csat(selectors.effectiveness_report(course, metrics=[csat])).verdict == (
        "none"
    )
    html = (
        login(hr, mfa=True)
        .get(reverse("performance:analytics_effectiveness", args=[course.pk]))
        .content.decode()
    )
    for level in ("Level 1", "Level 2", "Level 3", "Level 4"):
        assert level in html
    assert "No evidence of an effect" in html


def test_too_few_people(library):
    course, csat = seed_course_panel(library, effect=5.0, people=6)
    assert _csat(selectors.effectiveness_report(course, metrics=[csat])).verdict == (
        "too_few"
    )


def test_roleplay_before_and_after(library):
    """Level 3 pairs each learner's assessor scores before and after their
    completion, on role-plays of the course's skill areas."""
    from courses.models import SkillArea
    from training.models import RolePlayAssessment, RolePlaySession

    skill = SkillArea.objects.first()
    course = make_course(library, lessons=0)
    course.skill_areas.add(skill)
    course.save()
    scenario = cf.scenario()
    scenario.skill_areas.add(skill)
    scenario.save()
    trainer = employee_with_role("trainer")
    version = __import__("courses.services", fromlist=["x"]).rubric_version_current(
        rubric=scenario.rubric
    )
    now = timezone.now()
    for i in range(3):
        person = employee_with_role("staff")
        Enrollment.objects.create(
            employee=person, course=course, completed_at=now - dt.timedelta(days=10)
        )
        for days, percent in ((20, 50 + i), (5, 70 + i)):
            session = RolePlaySession.objects.create(
                scenario=scenario, organiser=trainer, scheduled_at=now
            )
            RolePlayAssessment.objects.create(
                kind="assessor",
                session=session,
                learner=person,
                assessor=trainer,
                rubric_version=version,
                status="submitted",
                percent=percent,
                submitted_at=now - dt.timedelta(days=days),
            )
    report = selectors.effectiveness_report(course, metrics=[])
    assert report.behaviour.n == 3
    assert report.behaviour.gain.estimate == pytest.approx(20)


def test_audits_on_the_same_rubric_count_for_level_3(library):
    """A mystery-shopper audit on the rubric of the course's scenario is
    behaviour on the job: paired before and after like role-play sheets."""
    from courses.models import SkillArea
    from performance.audits import services as audits
    from performance.models import Audit
    from tests.performance.audits.conftest import ids, levels_at

    skill = SkillArea.objects.first()
    course = make_course(library, lessons=0)
    course.skill_areas.add(skill)
    course.save()
    scenario = cf.scenario()
    scenario.skill_areas.add(skill)
    scenario.save()
    auditor = employee_with_role("manager")
    today = timezone.localdate()
    top = [len(levels) - 1 for _, levels in ids(scenario.rubric)]
    for _ in range(2):
        person = employee_with_role("staff")
        Enrollment.objects.create(
            employee=person,
            course=course,
            completed_at=timezone.now() - dt.timedelta(days=10),
        )
        for days, positions in ((20, [0] * len(top)), (3, top)):
            audits.audit_record(
                auditor=auditor,
                kind=Audit.Kind.MYSTERY_SHOPPER,
                touchpoint=Audit.Touchpoint.FACE_TO_FACE,
                rubric=scenario.rubric,
                visited_on=today - dt.timedelta(days=days),
                scores=levels_at(scenario.rubric, *positions),
                employee=person,
            )
    report = selectors.effectiveness_report(course, metrics=[])
    assert report.behaviour.n == 2
    assert report.behaviour.pre < report.behaviour.post == pytest.approx(100)


@pytest.mark.parametrize("people", [9, 27])
def test_queries_bounded(library, hr, login, django_assert_max_num_queries, people):
    course, _ = seed_course_panel(library, effect=1.0, people=people)
    client = login(hr, mfa=True)
    url = reverse("performance:analytics_effectiveness", args=[course.pk])
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("performance:analytics_courses")).status_code == 200
