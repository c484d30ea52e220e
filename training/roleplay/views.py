"""Role-play pages: thin views that check permission, validate, and call one
service or selector."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from courses.scoring import AllNotApplicable, InvalidResponse
from courses.selectors import canonical, localized
from people.access import employee_of
from people.models import Employee
from people.permissions import role_required
from training import selectors as learning_selectors
from training import services as learning
from training.models import (
    CalibrationSession,
    RolePlayAssessment,
    RolePlaySession,
)

from . import permissions, selectors, services
from .forms import (
    CalibrationForm,
    CoachingForm,
    RecordingForm,
    ScheduleForm,
    ScoringForm,
)
from .uploads import max_upload_bytes

Kind = RolePlayAssessment.Kind


def _me(request) -> Employee:
    me = employee_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


def _visible_session(request, pk) -> RolePlaySession:
    return get_object_or_404(
        permissions.sessions_visible_to(request.user).select_related(
            "scenario__rubric", "organiser", "course", "second_assessor"
        ),
        pk=pk,
    )


# --- sessions -----------------------------------------------------------------


@login_required
def session_list(request):
    sessions, next_cursor = selectors.session_list(
        request.user, after=request.GET.get("after")
    )
    return render(
        request,
        "training/roleplay/session_list.html",
        {
            "sessions": sessions,
            "next_cursor": next_cursor,
            "can_schedule": permissions.can_schedule(request.user),
            "shows_calibration": permissions.can_use_calibration(request.user),
        },
    )


@require_POST
@login_required
def roleplay_request(request, course_id):
    """The learner asks for the role-play their course needs (the course
    page's next step); their manager, else the course's trainer, is told."""
    page = CoursePage.objects.live().filter(pk=course_id).first()
    if page is None:
        raise Http404
    course = canonical(page)
    enrollment = learning_selectors.current_enrollment(_me(request), course)
    if enrollment is None:
        raise Http404
    back = reverse("training:course", args=[course.pk])
    try:
        asked = services.roleplay_request(enrollment=enrollment)
    except learning.TrainingError as exc:
        return render(
            request,
            "training/refused.html",
            {"message": exc.message, "back_url": back},
            status=exc.status,
        )
    messages.success(
        request, _("Your request was sent to %(name)s.") % {"name": asked.name}
    )
    return redirect(back + "#requirements")


def _schedule_initial(request, learners) -> dict:
    """From a role-play request's link: the course and the learner."""
    initial = {}
    course, learner = request.GET.get("course", ""), request.GET.get("learner", "")
    if course.isdigit():
        initial["course"] = int(course)
    if learner.isdigit() and learners.filter(pk=int(learner)).exists():
        initial["learners"] = [int(learner)]
    return initial


@role_required(*permissions.SCHEDULERS)
def session_schedule(request):
    me = _me(request)
    learners, assessors = permissions.schedulable(request.user)
    form = ScheduleForm(
        request.POST or None,
        learners=learners,
        assessors=assessors,
        initial=_schedule_initial(request, learners)
        if request.method == "GET"
        else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = services.session_schedule(
            organiser=me,
            scenario=data["scenario"],
            learners=list(data["learners"]),
            assessors=list(data["assessors"]),
            scheduled_at=data["scheduled_at"],
            location=data["location"],
            remote=data["remote"],
            course=data["course"],
            peer_deadline=data["peer_deadline"],
        )
        messages.success(request, _("Role-play scheduled."))
        return redirect("training:roleplay_session", pk=session.pk)
    return render(
        request,
        "training/roleplay/schedule.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def _session_context(request, session, *, upload_form=None):
    me = employee_of(request.user)
    learners = list(session.learners.order_by("name", "pk"))
    assessors = list(session.assessors.order_by("name", "pk"))
    sheets = selectors.session_sheets(request.user, session)
    recordings = list(
        permissions.recordings_visible_to(request.user)
        .filter(session=session)
        .select_related("learner")
    )
    is_learner = me is not None and any(lr.pk == me.pk for lr in learners)
    can_score = permissions.is_session_assessor(me, session)
    is_second = me is not None and session.second_assessor_id == me.pk
    rows = []
    for learner in learners:
        if is_learner and learner.pk != me.pk:
            continue
        by_kind = sheets.get(learner.pk, {})
        assessor_sheets = by_kind.get(Kind.ASSESSOR, [])
        self_sheet = next(iter(by_kind.get(Kind.SELF, [])), None)
        rows.append(
            {
                "learner": learner,
                "assessor_sheets": assessor_sheets,
                "second_sheets": by_kind.get(Kind.SECOND, []),
                "self_sheet": self_sheet,
                "recordings": [r for r in recordings if r.learner_id == learner.pk],
            }
        )
    scenario = localized(session.scenario)
    return {
        "session": session,
        "brief": selectors.brief(session),
        "scenario": scenario,
        "show_notes": permissions.sees_assessor_notes(request.user, session),
        "learners": learners,
        "assessors": assessors,
        "rows": rows,
        "is_learner": is_learner,
        "can_score": can_score,
        "is_second": is_second,
        "can_upload": is_learner or can_score,
        "upload_form": upload_form or RecordingForm(),
        "max_upload": max_upload_bytes(),
    }


@login_required
def session_detail(request, pk):
    session = _visible_session(request, pk)
    return render(
        request, "training/roleplay/session.html", _session_context(request, session)
    )


@require_POST
@login_required
def recording_upload(request, pk):
    """The learner uploads their own recording; an assessor or the organiser
    uploads one for a chosen learner."""
    session = _visible_session(request, pk)
    me = _me(request)
    is_learner = session.learners.filter(pk=me.pk).exists()
    if is_learner:
        learner = me
    elif permissions.is_session_assessor(me, session):
        learner = session.learners.filter(pk=request.POST.get("learner")).first()
        if learner is None:
            raise Http404
    else:
        raise PermissionDenied
    form = RecordingForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _session_context(request, session, upload_form=form)
        return render(request, "training/roleplay/session.html", context, status=400)
    services.recording_add(
        uploaded=form.cleaned_data["file"],
        content_type=form.content_type,
        uploader=me,
        session=session,
        learner=learner,
    )
    messages.success(request, _("Recording uploaded."))
    return redirect("training:roleplay_session", pk=session.pk)


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _ranged(fh, start: int, length: int, chunk: int = 64 * 1024):
    fh.seek(start)
    remaining = length
    try:
        while remaining > 0:
            data = fh.read(min(chunk, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        fh.close()


@login_required
def recording_file(request, pk):
    """Serve a recording to a permitted user only (others get 404), with the
    type checked at upload, and single HTTP ranges so players can seek."""
    recording = get_object_or_404(
        permissions.recordings_visible_to(request.user), pk=pk
    )
    size = recording.size
    fh = recording.file.open("rb")
    match = _RANGE.match(request.headers.get("Range", ""))
    if match and (match.group(1) or match.group(2)):
        if match.group(1):
            start = int(match.group(1))
            end = int(match.group(2)) if match.group(2) else size - 1
        else:
            start, end = max(size - int(match.group(2)), 0), size - 1
        end = min(end, size - 1)
        if start > end:
            fh.close()
            response = StreamingHttpResponse(iter(()), status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = StreamingHttpResponse(
            _ranged(fh, start, end - start + 1),
            status=206,
            content_type=recording.content_type,
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(fh, content_type=recording.content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


def _score_page(request, *, assessment, recordings, title, back_url, done_url):
    criteria = selectors.criteria_of(assessment.rubric_version)
    if request.method == "POST":
        form = ScoringForm(request.POST, criteria=criteria)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.assessment_save(
                    by=request.user,
                    assessment=assessment,
                    scores=form.scores(),
                    overall_comment=form.cleaned_data["overall_comment"],
                    notes=services.parse_notes(form.cleaned_data["notes"]),
                    submit=submit,
                )
            except (AllNotApplicable, services.PeerDeadlinePassed) as exc:
                messages.error(request, str(exc))  # the API says the same
            except InvalidResponse:
                messages.error(
                    request,
                    _(
                        "Not submitted: choose a level for every criterion "
                        "(or N/A where the rubric allows it)."
                    )
                    if submit
                    else _("Nothing was saved: the scores do not fit the rubric."),
                )
            else:
                if submit:
                    messages.success(request, _("Assessment submitted."))
                    return redirect(done_url)
                messages.success(request, _("Draft saved."))
                return redirect(request.path)
        status = 400
    else:
        form = ScoringForm(
            initial=ScoringForm.initial_for(assessment), criteria=criteria
        )
        status = 200
    return render(
        request,
        "training/roleplay/score.html",
        {
            "assessment": assessment,
            "form": form,
            "recordings": recordings,
            "title": title,
            "back_url": back_url,
        },
        status=status,
    )


@login_required
def assessment_score(request, pk, learner_pk):
    """Score one learner of a session: the assessor's sheet, the learner's
    self-assessment, or the blind second sheet, by who is asking."""
    session = _visible_session(request, pk)
    me = _me(request)
    learner = get_object_or_404(session.learners, pk=learner_pk)
    kind = permissions.scoring_kind(me, session, learner)
    assessment = services.session_start_assessment(
        session=session, learner=learner, assessor=me, kind=kind
    )
    detail = reverse("training:roleplay_assessment", kwargs={"pk": assessment.pk})
    if assessment.is_submitted:
        return redirect(detail)
    recordings = permissions.recordings_visible_to(request.user).filter(
        session=session, learner=learner
    )
    titles = {
        Kind.SELF: _("Self-assessment"),
        Kind.SECOND: _("Blind second scoring"),
        Kind.ASSESSOR: _("Score %(name)s") % {"name": learner.name},
    }
    return _score_page(
        request,
        assessment=assessment,
        recordings=list(recordings),
        title=titles[kind],
        back_url=reverse("training:roleplay_session", kwargs={"pk": session.pk}),
        done_url=detail,
    )


def _visible_assessment(request, pk) -> RolePlayAssessment:
    return get_object_or_404(
        permissions.assessments_visible_to(request.user).select_related(
            "assessor", "learner", "rubric_version", "session", "calibration"
        ),
        pk=pk,
    )


@login_required
def assessment_detail(request, pk):
    assessment = _visible_assessment(request, pk)
    me = _me(request)
    if assessment.calibration_id:
        raise Http404
    visible = permissions.assessments_visible_to(request.user).filter(
        session=assessment.session_id, learner=assessment.learner_id
    )
    self_sheet = None
    if assessment.kind == Kind.ASSESSOR:
        self_sheet = (
            visible.filter(kind=Kind.SELF, status=RolePlayAssessment.Status.SUBMITTED)
            .prefetch_related("scores")
            .first()
        )
    assessor_sheet = None
    if assessment.kind == Kind.SELF:
        assessor_sheet = (
            visible.filter(
                kind=Kind.ASSESSOR, status=RolePlayAssessment.Status.SUBMITTED
            )
            .prefetch_related("scores")
            .order_by("submitted_at")
            .first()
        )
    # The sheet's own scores, read once for every criterion row below (not
    # one query per criterion).
    prefetch_related_objects([assessment], "scores")
    pair = (
        selectors.side_by_side(assessment, self_sheet)
        if self_sheet
        else selectors.side_by_side(assessor_sheet, assessment)
    )
    rows = selectors.sheet_rows(assessment.rubric_version, [assessment])
    session = assessment.session
    can_coach = (
        assessment.kind == Kind.ASSESSOR
        and assessment.is_submitted
        and (assessment.assessor_id == me.pk or session.organiser_id == me.pk)
    )
    return render(
        request,
        "training/roleplay/assessment.html",
        {
            "assessment": assessment,
            "session": session,
            "rows": rows,
            "pair": pair,
            "self_sheet": self_sheet,
            "assessor_sheet": assessor_sheet,
            "notes": assessment.notes.all(),
            "actions": assessment.coaching_actions.select_related(
                "course", "redo_session"
            ),
            "can_acknowledge": assessment.kind == Kind.ASSESSOR
            and assessment.learner_id == me.pk
            and assessment.is_submitted,
            "can_coach": can_coach,
            "coaching_form": CoachingForm() if can_coach else None,
            "recordings": permissions.recordings_visible_to(request.user).filter(
                session=session, learner=assessment.learner_id
            ),
        },
    )


@require_POST
@login_required
def assessment_acknowledge(request, pk):
    assessment = _visible_assessment(request, pk)
    me = _me(request)
    if assessment.learner_id != me.pk or assessment.kind != Kind.ASSESSOR:
        raise PermissionDenied
    services.assessment_acknowledge(assessment=assessment)
    messages.success(request, _("Thank you: you have acknowledged this result."))
    return redirect("training:roleplay_assessment", pk=pk)


@require_POST
@login_required
def coaching_create(request, pk):
    assessment = _visible_assessment(request, pk)
    me = _me(request)
    if not (
        assessment.kind == Kind.ASSESSOR
        and assessment.is_submitted
        and me.pk in (assessment.assessor_id, assessment.session.organiser_id)
    ):
        raise PermissionDenied
    form = CoachingForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("training:roleplay_assessment", pk=pk)
    services.coaching_action_create(
        assessment=assessment,
        by=me,
        kind=form.cleaned_data["kind"],
        course=form.cleaned_data["course"],
        due_date=form.cleaned_data["due_date"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Follow-up saved."))
    return redirect("training:roleplay_assessment", pk=pk)


# --- calibration --------------------------------------------------------------


def _visible_calibration(request, pk) -> CalibrationSession:
    return get_object_or_404(
        permissions.calibrations_visible_to(request.user).select_related(
            "rubric_version__rubric", "organiser"
        ),
        pk=pk,
    )


@login_required
def calibration_list(request):
    calibrations = (
        permissions.calibrations_visible_to(request.user)
        .select_related("rubric_version__rubric", "organiser")
        .prefetch_related("assessors")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "training/roleplay/calibration_list.html",
        {
            "calibrations": calibrations[:200],
            "can_calibrate": permissions.can_run_calibration(request.user),
        },
    )


@role_required(*permissions.CALIBRATORS)
def calibration_create(request):
    me = _me(request)
    form = CalibrationForm(
        request.POST or None,
        assessors=Employee.objects.active().order_by("name", "pk"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            calibration = services.calibration_create(
                organiser=me,
                title=data["title"],
                rubric=data["rubric"],
                assessors=list(data["assessors"]),
                max_deviation=data["max_deviation"],
                min_agreement=data["min_agreement"],
            )
        except ValueError:
            form.add_error("rubric", _("This rubric cannot be used: fix it first."))
        else:
            messages.success(
                request, _("Calibration session created. Now add the recordings.")
            )
            return redirect("training:calibration_detail", pk=calibration.pk)
    return render(
        request,
        "training/roleplay/calibration_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def _calibration_context(request, calibration, *, upload_form=None):
    me = employee_of(request.user)
    recordings = list(calibration.recordings.order_by("uploaded_at", "pk"))
    mine = (
        {a.recording_id: a for a in calibration.sheets.filter(assessor=me)}
        if me
        else {}
    )
    is_assessor = calibration.assessors.filter(pk=getattr(me, "pk", None)).exists()
    return {
        "calibration": calibration,
        "recordings": [(r, mine.get(r.pk)) for r in recordings],
        "is_assessor": is_assessor,
        "is_organiser": me is not None and calibration.organiser_id == me.pk,
        "can_report": permissions.can_see_calibration_report(request.user, calibration),
        "upload_form": upload_form or RecordingForm(),
        "max_upload": max_upload_bytes(),
        "assessors": calibration.assessors.order_by("name", "pk"),
    }


@login_required
def calibration_detail(request, pk):
    calibration = _visible_calibration(request, pk)
    return render(
        request,
        "training/roleplay/calibration_detail.html",
        _calibration_context(request, calibration),
    )


@require_POST
@login_required
def calibration_upload(request, pk):
    calibration = _visible_calibration(request, pk)
    me = _me(request)
    if calibration.organiser_id != me.pk:
        raise PermissionDenied
    form = RecordingForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _calibration_context(request, calibration, upload_form=form)
        return render(
            request, "training/roleplay/calibration_detail.html", context, status=400
        )
    services.recording_add(
        uploaded=form.cleaned_data["file"],
        content_type=form.content_type,
        uploader=me,
        calibration=calibration,
    )
    messages.success(request, _("Recording uploaded."))
    return redirect("training:calibration_detail", pk=pk)


@login_required
def calibration_score(request, pk, recording_pk):
    calibration = _visible_calibration(request, pk)
    me = _me(request)
    recording = get_object_or_404(calibration.recordings, pk=recording_pk)
    if not calibration.assessors.filter(pk=me.pk).exists():
        raise PermissionDenied
    assessment = services.calibration_start_sheet(
        calibration=calibration, recording=recording, assessor=me
    )
    detail = reverse("training:calibration_detail", kwargs={"pk": pk})
    if assessment.is_submitted:
        messages.info(request, _("You have scored this recording."))
        return redirect(detail)
    return _score_page(
        request,
        assessment=assessment,
        recordings=[recording],
        title=_("Calibration: %(title)s") % {"title": calibration.title},
        back_url=detail,
        done_url=detail,
    )


@login_required
def calibration_report(request, pk):
    calibration = _visible_calibration(request, pk)
    if not permissions.can_see_calibration_report(request.user, calibration):
        raise PermissionDenied
    return render(
        request,
        "training/roleplay/calibration_report.html",
        {"report": selectors.calibration_report(calibration)},
    )


@role_required(*permissions.CALIBRATORS)
def calibration_history(request):
    from courses.models import Rubric

    try:
        rubric_id = int(request.GET.get("rubric") or 0) or None
    except ValueError:
        rubric_id = None
    reports = selectors.calibration_history(request.user, rubric_id=rubric_id)
    return render(
        request,
        "training/roleplay/calibration_history.html",
        {
            "reports": reports,
            "trend": selectors.assessor_trend(reports),
            "double": selectors.double_scoring_figures(
                request.user, rubric_id=rubric_id
            ),
            "rubrics": Rubric.objects.filter(
                pk__in=CalibrationSession.objects.values("rubric_version__rubric")
            ).order_by("title"),
            "rubric_id": rubric_id,
        },
    )
