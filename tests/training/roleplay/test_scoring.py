"""Scoring, self-assessment, feedback, coaching, peer fallback and double
scoring of role-plays."""

import datetime as dt

import pytest
from django.urls import reverse

from courses.scoring import InvalidResponse
from tests.courses.factories import MARKER
from training.models import (
    CoachingAction,
    CriterionScore,
    RolePlayAssessment,
    RolePlaySession,
)
from training.roleplay import permissions, services

from . import builders as b

pytestmark = pytest.mark.django_db
Kind = RolePlayAssessment.Kind
PASSING = {"Greeting": 2, "Empathy": 1, "Record the complaint": 2, "Upsell": None}


def test_score_follows_the_rubric_formula(assessor_sheet):
    """Weighted normalised percent over scored criteria; N/A is left out.
    Greeting 2/2 (w1), Empathy 1/2 (w2), Record 2/2 (w1): (1 + 1 + 1) / 4."""
    sheet = b.fill(assessor_sheet, PASSING)
    assert sheet.status == RolePlayAssessment.Status.SUBMITTED
    assert sheet.percent == 75.0
    assert sheet.passed is True
    assert sheet.failed_critical == []


def test_failed_critical_criterion_fails_the_assessment(assessor_sheet):
    """Top marks elsewhere cannot make up for a failed critical criterion."""
    sheet = b.fill(
        assessor_sheet,
        {"Greeting": 2, "Empathy": 2, "Record the complaint": 0, "Upsell": 2},
    )
    assert sheet.percent == 80.0
    assert sheet.passed is False
    assert sheet.failed_critical == [b.criterion_ids(sheet)["Record the complaint"]]


def test_rubric_version_is_kept_after_the_rubric_changes(assessor_sheet, scenario):
    """The sheet keeps the version it was scored with."""
    version = assessor_sheet.rubric_version
    rubric = scenario.rubric
    rubric.pass_mark = 95
    rubric.save()
    b.fill(assessor_sheet, PASSING)
    assessor_sheet.refresh_from_db()
    assert assessor_sheet.rubric_version == version
    assert assessor_sheet.passed is True


@pytest.mark.parametrize("tamper", ["criterion", "level", "na_not_allowed"])
def test_tampered_scores_are_refused_and_nothing_stored(assessor_sheet, tamper):
    ids, levels = b.criterion_ids(assessor_sheet), b.levels(assessor_sheet)
    scores = {ids["Greeting"]: (levels["Greeting"][1], "ok")}
    if tamper == "criterion":
        scores["not-a-criterion"] = (levels["Greeting"][0], "")
    elif tamper == "level":
        scores[ids["Empathy"]] = (levels["Greeting"][0], "")  # another criterion's
    else:
        scores[ids["Empathy"]] = (None, "")
    with pytest.raises(InvalidResponse):
        services.assessment_save(assessment=assessor_sheet, scores=scores, submit=True)
    assert not CriterionScore.objects.exists()


def test_incomplete_sheet_cannot_be_submitted(assessor_sheet):
    with pytest.raises(InvalidResponse):
        b.fill(assessor_sheet, {"Greeting": 1})
    assessor_sheet.refresh_from_db()
    assert assessor_sheet.status == RolePlayAssessment.Status.DRAFT


def test_submitted_sheet_is_locked(assessor_sheet):
    sheet = b.fill(assessor_sheet, PASSING)
    with pytest.raises(InvalidResponse):
        b.fill(sheet, PASSING)


def test_time_stamped_notes_are_parsed():
    assert services.parse_notes(
        "[01:05] good greeting\nno eye contact\n[1:02:03] end"
    ) == [
        (65, "good greeting"),
        (None, "no eye contact"),
        (3723, "end"),
    ]


def test_learner_sees_brief_but_never_assessor_notes(login, session, staff, trainer):
    """The learner gets the brief; the script, notes and model answer are for
    assessors only."""
    page = login(staff).get(reverse("training:roleplay_session", args=[session.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "The order is late." in html
    assert MARKER not in html
    page = login(trainer).get(reverse("training:roleplay_session", args=[session.pk]))
    assert MARKER in page.content.decode()


def test_learner_sees_result_only_after_submission(login, assessor_sheet, staff):
    """A draft is the assessor's own; once submitted the learner may read it."""
    b.fill(assessor_sheet, {"Greeting": 1}, submit=False)
    visible = permissions.assessments_visible_to(staff.user)
    assert not visible.filter(pk=assessor_sheet.pk).exists()
    b.fill(assessor_sheet, PASSING)
    assert visible.filter(pk=assessor_sheet.pk).exists()
    url = reverse("training:roleplay_assessment", args=[assessor_sheet.pk])
    assert login(staff).get(url).status_code == 200


def test_side_by_side_after_both_are_in(login, assessor_sheet, self_sheet, staff):
    """The learner's page shows assessor and self levels next to each other
    only once both sheets are submitted."""
    b.fill(assessor_sheet, PASSING, comment="assessor says")
    url = reverse("training:roleplay_assessment", args=[assessor_sheet.pk])
    html = login(staff).get(url).content.decode()
    assert "side by side" not in html
    b.fill(
        self_sheet,
        {"Greeting": 1, "Empathy": 2, "Record the complaint": 1, "Upsell": 0},
        comment="I think",
    )
    html = login(staff).get(url).content.decode()
    assert "side by side" in html
    assert "assessor says" in html and "I think" in html


def test_assessor_sees_self_assessment_only_after_own_submission(
    assessor_sheet, self_sheet, trainer
):
    b.fill(self_sheet, PASSING)
    visible = permissions.assessments_visible_to(trainer.user)
    assert not visible.filter(pk=self_sheet.pk).exists()
    b.fill(assessor_sheet, PASSING)
    assert visible.filter(pk=self_sheet.pk).exists()


def test_learner_acknowledges_result(login, assessor_sheet, staff):
    b.fill(assessor_sheet, PASSING)
    client = login(staff)
    response = client.post(
        reverse("training:roleplay_acknowledge", args=[assessor_sheet.pk])
    )
    assert response.status_code == 302
    assessor_sheet.refresh_from_db()
    assert assessor_sheet.acknowledged_at is not None


def test_others_cannot_acknowledge(login, assessor_sheet, manager):
    b.fill(assessor_sheet, PASSING)
    response = login(manager).post(
        reverse("training:roleplay_acknowledge", args=[assessor_sheet.pk])
    )
    assert response.status_code == 403


def test_coaching_redo_schedules_a_new_session(login, assessor_sheet, trainer, staff):
    b.fill(
        assessor_sheet,
        {"Greeting": 0, "Empathy": 0, "Record the complaint": 0, "Upsell": None},
    )
    due = dt.date.today() + dt.timedelta(days=14)
    response = login(trainer).post(
        reverse("training:roleplay_coaching", args=[assessor_sheet.pk]),
        {"kind": "redo", "due_date": due.isoformat(), "note": "Practise the apology"},
    )
    assert response.status_code == 302
    action = CoachingAction.objects.get()
    redo = action.redo_session
    assert redo.redo_of == assessor_sheet.session
    assert list(redo.learners.all()) == [staff]
    assert redo.scheduled_at.date() == due


def test_coaching_remedial_course_is_stored(assessor_sheet, trainer, library):
    from tests.courses.factories import CoursePageFactory

    course = CoursePageFactory(parent=library)
    b.fill(assessor_sheet, PASSING)
    action = services.coaching_action_create(
        assessment=assessor_sheet, by=trainer, kind="course", course=course
    )
    assert action.course == course


def test_learner_cannot_set_coaching(login, assessor_sheet, staff):
    b.fill(assessor_sheet, PASSING)
    response = login(staff).post(
        reverse("training:roleplay_coaching", args=[assessor_sheet.pk]),
        {"kind": "redo", "due_date": "2030-01-01"},
    )
    assert response.status_code == 403
    assert not CoachingAction.objects.exists()


def test_session_completes_when_every_learner_is_scored(session, assessor_sheet):
    b.fill(assessor_sheet, PASSING)
    session.refresh_from_db()
    assert session.status == RolePlaySession.Status.COMPLETED


def test_peer_assessment_with_trainer_fallback(
    login, scenario, trainer, staff, store, manager
):
    """Peers assess; the organising trainer can score in their place, so the
    team is never blocked waiting for peers."""
    from tests.factories import employee_with_role

    peer = employee_with_role("staff", store=store, manager=manager)
    session = b.schedule(
        organiser=trainer, learners=[staff], assessors=[peer], scenario_obj=scenario
    )
    url = reverse("training:roleplay_score", args=[session.pk, staff.pk])
    assert login(peer).get(url).status_code == 200
    assert login(trainer).get(url).status_code == 200
    sheet = RolePlayAssessment.objects.get(assessor=trainer)
    assert sheet.kind == Kind.ASSESSOR


def test_scoring_form_submits_and_shows_result(login, session, staff, trainer):
    client = login(trainer)
    url = reverse("training:roleplay_score", args=[session.pk, staff.pk])
    page = client.get(url)
    assert page.status_code == 200
    sheet = RolePlayAssessment.objects.get(assessor=trainer)
    ids, levels = b.criterion_ids(sheet), b.levels(sheet)
    data = {
        f"level_{ids['Greeting']}": levels["Greeting"][2],
        f"level_{ids['Empathy']}": levels["Empathy"][1],
        f"level_{ids['Record the complaint']}": levels["Record the complaint"][2],
        f"level_{ids['Upsell']}": "na",
        f"comment_{ids['Empathy']}": "Acknowledge the feeling first",
        "notes": "[00:12] warm greeting",
        "overall_comment": "Good",
        "submit": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.percent == 75.0 and sheet.passed
    assert sheet.notes.get().at_seconds == 12


def test_scoring_form_refuses_incomplete_submission(login, session, staff, trainer):
    client = login(trainer)
    url = reverse("training:roleplay_score", args=[session.pk, staff.pk])
    client.get(url)
    sheet = RolePlayAssessment.objects.get(assessor=trainer)
    ids, levels = b.criterion_ids(sheet), b.levels(sheet)
    response = client.post(
        url, {f"level_{ids['Greeting']}": levels["Greeting"][2], "submit": "1"}
    )
    assert response.status_code == 400
    sheet.refresh_from_db()
    assert sheet.status == RolePlayAssessment.Status.DRAFT
    assert not sheet.scores.exists()


def test_double_scoring_assigns_a_blind_second_assessor(
    settings, scenario, trainer, staff, manager, login
):
    """With share 1 every session gets a second assessor; the primary and
    second sheets stay blind to each other until each is submitted, and the
    learner never sees the second sheet."""
    settings.ROLEPLAY_DOUBLE_SCORING_SHARE = 1.0
    session = b.schedule(
        organiser=trainer, learners=[staff], assessors=[manager], scenario_obj=scenario
    )
    assert session.second_assessor == trainer
    url = reverse("training:roleplay_score", args=[session.pk, staff.pk])
    login(trainer).get(url)
    second = RolePlayAssessment.objects.get(assessor=trainer)
    assert second.kind == Kind.SECOND
    primary = services.session_start_assessment(
        session=session, learner=staff, assessor=manager, kind=Kind.ASSESSOR
    )
    b.fill(primary, PASSING)
    assert (
        not permissions.assessments_visible_to(trainer.user)
        .filter(pk=primary.pk)
        .exists()
    )
    b.fill(second, PASSING)
    assert (
        permissions.assessments_visible_to(trainer.user).filter(pk=primary.pk).exists()
    )
    assert (
        not permissions.assessments_visible_to(staff.user).filter(pk=second.pk).exists()
    )


def test_no_double_scoring_at_share_zero(settings, scenario, trainer, staff, manager):
    settings.ROLEPLAY_DOUBLE_SCORING_SHARE = 0
    session = b.schedule(
        organiser=trainer, learners=[staff], assessors=[manager], scenario_obj=scenario
    )
    assert session.second_assessor is None


def test_trainer_schedules_through_the_form(login, trainer, staff, manager, scenario):
    response = login(trainer).post(
        reverse("training:roleplay_schedule"),
        {
            "scenario": scenario.pk,
            "learners": [staff.pk],
            "assessors": [manager.pk],
            "scheduled_at": "2030-05-01T10:00",
            "location": "Store back office",
        },
    )
    assert response.status_code == 302
    session = RolePlaySession.objects.get()
    assert session.organiser == trainer and list(session.learners.all()) == [staff]


def test_manager_cannot_schedule_someone_elses_staff(
    login, manager, other_staff, scenario, trainer
):
    response = login(manager).post(
        reverse("training:roleplay_schedule"),
        {
            "scenario": scenario.pk,
            "learners": [other_staff.pk],
            "assessors": [trainer.pk],
            "scheduled_at": "2030-05-01T10:00",
            "remote": "on",
        },
    )
    assert response.status_code == 400
    assert not RolePlaySession.objects.exists()


def test_session_list_is_bounded(
    login, trainer, staff, scenario, django_assert_max_num_queries
):
    """The list page's queries do not grow with the number of sessions."""
    client = login(trainer)
    for n in (1, 6):
        while RolePlaySession.objects.count() < n:
            b.schedule(
                organiser=trainer,
                learners=[staff],
                assessors=[trainer],
                scenario_obj=scenario,
            )
        with django_assert_max_num_queries(14):
            assert client.get(reverse("training:roleplay_list")).status_code == 200


def test_pages_are_translated(login, session, staff):
    """A Chinese-speaking learner gets the role-play page in Chinese."""
    staff.user.language = "zh-hans"
    staff.user.save()
    html = (
        login(staff)
        .get(reverse("training:roleplay_session", args=[session.pk]))
        .content.decode()
    )
    assert "情景简介" in html and "上传录音录像" in html


def test_session_page_queries_are_bounded(
    login, trainer, staff, store, manager, scenario, django_assert_max_num_queries
):
    """The session page's queries do not grow with learners and sheets."""
    from tests.factories import employee_with_role

    client = login(trainer)
    for size in (1, 4):
        learners = [staff] + [
            employee_with_role("staff", store=store, manager=manager)
            for _ in range(size - 1)
        ]
        session = b.schedule(
            organiser=trainer,
            learners=learners,
            assessors=[trainer],
            scenario_obj=scenario,
        )
        for learner in learners:
            b.recording(session=session, learner=learner, uploader=learner)
            sheet = services.session_start_assessment(
                session=session, learner=learner, assessor=trainer, kind=Kind.ASSESSOR
            )
            b.fill(sheet, PASSING)
        with django_assert_max_num_queries(30):
            response = client.get(
                reverse("training:roleplay_session", args=[session.pk])
            )
            assert response.status_code == 200
