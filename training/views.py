"""Learner and manager pages. Thin: check permission, validate, call one
service or selector, render. Quiz pages never receive correct answers or
feedback unless the quiz's review options allow them."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from courses import selectors as course_selectors
from courses.models import CoursePage, LearningPath, LessonPage, Quiz
from courses.scoring import InvalidResponse
from people.access import employee_of
from people.models import Employee
from people.permissions import role_required
from people.roles import Role, has_role
from people.tabular import csv_download

from . import content, selectors, services
from . import team as team_reads
from .certificates import certificate_pdf as render_certificate_pdf
from .forms import AssignForm, FeedbackForm, TeamFilterForm, answers_from_post
from .models import Certificate, Enrollment
from .permissions import (
    assignable_employees,
    can_assign,
    certificate_for_viewer,
    learning_visibility_q,
    own_attempt,
)


def _me(request):
    me = employee_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


def _course_or_404(course_id):
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


@login_required
def dashboard(request):
    me = employee_of(request.user)
    context = {"employee": me, "can_assign": can_assign(request.user)}
    if me is not None:
        data = selectors.learner_dashboard(me)
        context.update(data)
        # Overdue first, then by due date (the selector's order).
        context["in_progress"] = sorted(
            data["in_progress"],
            key=lambda e: e.current_status != Enrollment.Status.OVERDUE,
        )
        context["resume"] = selectors.resume_point(data["enrollments"])
        context["open_courses"] = selectors.open_courses(
            me,
            exclude_keys=[
                e.display_course.translation_key for e in data["enrollments"]
            ],
        )
    return render(request, "training/dashboard.html", context)


@login_required
def course(request, course_id):
    """The learner's view of a course: lessons with progress, resume, quiz,
    certificate and feedback. The course, its translations, outline, quiz and
    prerequisites come from training.content's cache; the queries are the
    learner's own enrolment, lessons viewed and attempts."""
    directory = content.courses_having([course_id])
    page = directory.by_id.get(course_id)
    if page is None or not page.live:
        raise Http404
    canonical = directory.canonical(course_id, content.default_locale().pk)
    shown = directory.shown(canonical.pk, content.active_locale().pk)
    me = employee_of(request.user)
    enrollment = selectors.current_enrollment(me, canonical.pk) if me else None
    outline = selectors.localized_outline(canonical.pk, shown.pk)
    done = selectors.lessons_done(enrollment)
    # Resume at the first lesson not yet viewed after the last one opened.
    resume = None
    if enrollment and outline:
        last = next(
            (
                i
                for i, ls in enumerate(outline)
                if ls.key == str(enrollment.last_lesson_key)
            ),
            -1,
        )
        todo = [ls for ls in outline[last + 1 :] + outline if ls.key not in done]
        resume = todo[0] if todo else None
    quiz = attempts = quiz_row = None
    if canonical.quiz_id:
        quiz = content.quiz_titles([canonical.quiz_id])[canonical.quiz_id]
        quiz_row = content.quizzes().by_id[canonical.quiz_id]
        if enrollment:
            attempts = selectors.attempts_of(enrollment, canonical.quiz_id)
            now = timezone.now()
            for a in attempts:
                a.review = selectors.review_options(a, quiz_row, now)
    pretest = pretest_attempts = None
    if canonical.pretest_id:
        pretest = content.quiz_titles([canonical.pretest_id])[canonical.pretest_id]
        if enrollment:
            pretest_attempts = selectors.attempts_of(enrollment, canonical.pretest_id)
    missing = []
    in_path = enrollment is not None and enrollment.path_enrollment_id
    if me and (
        canonical.prerequisite_ids or in_path
    ):  # the pages, as services reads them
        missing = services.prerequisites_missing(
            employee=me,
            course=CoursePage.objects.get(pk=canonical.pk),
            enrollment=enrollment,
        )
    certificate = getattr(enrollment, "certificate", None) if enrollment else None
    requirements = (
        selectors.completion_requirements(
            enrollment, content.completion_rule(canonical.pk), done
        )
        if enrollment
        else None
    )
    context = {
        "requirements": requirements,
        "course": shown,
        "canonical": canonical,
        "enrollment": enrollment,
        "status": enrollment.status if enrollment else None,
        "outline": [{"lesson": ls, "done": ls.key in done} for ls in outline],
        "resume": resume,
        "quiz": quiz,
        "attempts": attempts,
        "attempts_left": _attempts_left(quiz_row, attempts),
        "pretest": pretest,
        "pretest_attempts": pretest_attempts,
        "missing": missing,
        "missing_message": services.prerequisites_message(missing) if missing else "",
        "certificate": certificate,
        # services.course_is_open_to, on the cached row
        "can_enrol": me is not None
        and enrollment is None
        and canonical.live
        and (
            not canonical.target_positions or me.position in canonical.target_positions
        ),
        "feedback_form": FeedbackForm(
            initial={
                "rating": getattr(
                    getattr(enrollment, "feedback", None), "rating", None
                ),
                "comment": getattr(
                    getattr(enrollment, "feedback", None), "comment", ""
                ),
            }
        )
        if enrollment and enrollment.completed_at
        else None,
    }
    return render(request, "training/course.html", context)


def _attempts_left(quiz, attempts):
    if quiz is None or attempts is None or quiz.attempts_allowed is None:
        return None
    return max(quiz.attempts_allowed - len(attempts), 0)


@require_POST
@login_required
def enrol(request, course_id):
    page = _course_or_404(course_id)
    try:
        services.enrollment_self_enrol(employee=_me(request), course=page)
    except services.TrainingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You are enrolled."))
    return redirect("training:course", course_id=course_selectors.canonical(page).pk)


@login_required
def lesson(request, lesson_id):
    page = LessonPage.objects.live().filter(pk=lesson_id).first()
    if page is None:
        raise Http404
    # The lesson of the chosen language (the URL names the one the learner
    # was on when switching), else this one with the "not translated" notice.
    translation_id = selectors.lesson_translation_id(page)
    if translation_id is not None:
        return redirect("training:lesson", lesson_id=translation_id)
    page.is_fallback = page.locale_id != selectors.active_locale().pk
    course_page = CoursePage.objects.get(path=page.path[: -page.steplen])
    canonical = course_selectors.canonical(course_page)
    me = _me(request)
    enrollment = selectors.current_enrollment(me, canonical)
    if enrollment is None:
        messages.info(request, _("Enrol in the course to start its lessons."))
        return redirect("training:course", course_id=canonical.pk)
    missing = services.prerequisites_missing(
        employee=me, course=canonical, enrollment=enrollment
    )
    if missing:
        messages.error(request, services.prerequisites_message(missing))
        return redirect("training:course", course_id=canonical.pk)
    if canonical.pretest_id and not selectors.pretest_done(
        enrollment, canonical.pretest_id
    ):
        messages.info(request, _("Take the pre-test before the lessons."))
        return redirect(reverse("training:course", args=[canonical.pk]) + "#pretest")
    services.lesson_viewed(enrollment=enrollment, lesson=page)
    outline = selectors.course_outline(course_page)
    index = next((i for i, ls in enumerate(outline) if ls.id == page.pk), None)
    previous = outline[index - 1] if index else None
    following = (
        outline[index + 1] if index is not None and index + 1 < len(outline) else None
    )
    return render(
        request,
        "training/lesson.html",
        {
            "lesson": page,
            "course": course_page,
            "canonical": canonical,
            "body": selectors.lesson_body_html(page, course_page),
            "previous": previous,
            "next": following,
            "enrollment": enrollment,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def quiz_start(request, course_id):
    """POST starts (or resumes) the course's quiz. GET (the lessons' "Take
    the quiz" links) resumes an open attempt, else shows the course's quiz
    section with its start button: a GET never starts the clock."""
    page = _course_or_404(course_id)
    canonical = course_selectors.canonical(page)
    if not canonical.quiz_id:
        raise Http404
    enrollment = selectors.current_enrollment(_me(request), canonical)
    if enrollment is None:
        if request.method == "GET":
            return redirect("training:course", course_id=canonical.pk)
        raise Http404
    if request.method == "GET":
        open_attempt = selectors.open_attempt(enrollment, canonical.quiz_id)
        if open_attempt is not None:
            return redirect("training:attempt", attempt_id=open_attempt.pk)
        url = reverse("training:course", args=[canonical.pk])
        return redirect(url + "#quiz")
    try:
        attempt = services.attempt_start(enrollment=enrollment, quiz=canonical.quiz)
    except services.TrainingError as exc:
        messages.error(request, exc.message)
        return redirect("training:course", course_id=canonical.pk)
    return redirect("training:attempt", attempt_id=attempt.pk)


@require_POST
@login_required
def pretest_start(request, course_id):
    """Start (or resume) the course's pre-test: before the lessons, graded
    and kept, never counted for completion."""
    page = _course_or_404(course_id)
    canonical = course_selectors.canonical(page)
    if not canonical.pretest_id:
        raise Http404
    enrollment = selectors.current_enrollment(_me(request), canonical)
    if enrollment is None:
        raise Http404
    try:
        attempt = services.attempt_start(enrollment=enrollment, quiz=canonical.pretest)
    except services.TrainingError as exc:
        messages.error(request, exc.message)
        return redirect("training:course", course_id=canonical.pk)
    return redirect("training:attempt", attempt_id=attempt.pk)


@never_cache
@login_required
def attempt(request, attempt_id):
    attempt = own_attempt(request.user, attempt_id)
    if not attempt.is_open:
        return redirect("training:attempt_review", attempt_id=attempt.pk)
    if services._late(attempt, timezone.now()):
        services.attempts_close_expired()
        return redirect("training:attempt_review", attempt_id=attempt.pk)
    quiz = selectors.localize_snippets([attempt.quiz], Quiz)[attempt.quiz_id]
    questions = selectors.attempt_questions(attempt)
    during = selectors.review_options(attempt, attempt.quiz)
    selectors.attempt_check(questions, during)
    return render(
        request,
        "training/attempt.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "questions": questions,
            "check_allowed": any(during.values()),
            "course_id": attempt.enrollment.course_id,
            "seconds_left": (
                max(int((attempt.deadline - timezone.now()).total_seconds()), 0)
                if attempt.deadline
                else None
            ),
        },
    )


def _answers(request, attempt):
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            raise InvalidResponse("malformed JSON") from None
        answers = body.get("answers") if isinstance(body, dict) else None
        if not isinstance(answers, dict):
            raise InvalidResponse("expected {'answers': {question id: response}}")
        return answers
    questions = [{"id": row.question_id, "kind": kind} for row, kind in _kinds(attempt)]
    return answers_from_post(request.POST, questions)


def _kinds(attempt):
    rows = list(attempt.answers.all())
    questions = course_selectors.questions_by_id([r.question_id for r in rows])
    return [
        (r, questions[r.question_id].kind) for r in rows if r.question_id in questions
    ]


@require_POST
@login_required
def attempt_save(request, attempt_id):
    """Autosave (JSON or form). 4xx and nothing stored on any refusal."""
    attempt = own_attempt(request.user, attempt_id)
    try:
        services.attempt_save(attempt=attempt, answers=_answers(request, attempt))
    except services.TrainingError as exc:
        return JsonResponse({"saved": False, "error": exc.message}, status=exc.status)
    except InvalidResponse as exc:
        return JsonResponse({"saved": False, "error": str(exc)}, status=400)
    if "check" in request.POST:  # the form's "Check" button: back to the page
        return redirect(reverse("training:attempt", args=[attempt.pk]) + "#quiz-form")
    return JsonResponse({"saved": True, "saved_at": timezone.now().isoformat()})


@require_POST
@login_required
def attempt_submit(request, attempt_id):
    attempt = own_attempt(request.user, attempt_id)
    try:
        services.attempt_submit(attempt=attempt, answers=_answers(request, attempt))
    except services.TrainingError as exc:
        return render(
            request,
            "training/attempt_refused.html",
            {"attempt": attempt, "message": exc.message},
            status=exc.status,
        )
    except InvalidResponse:
        return render(
            request,
            "training/attempt_refused.html",
            {
                "attempt": attempt,
                "message": _(
                    "The answers sent do not fit this quiz. Nothing was saved."
                ),
            },
            status=400,
        )
    url = reverse("training:attempt_review", args=[attempt.pk])
    # The player submits by itself when the time is up: the review says so.
    return redirect(url + "?timeup=1" if request.GET.get("timeup") == "1" else url)


@never_cache
@login_required
def attempt_review(request, attempt_id):
    attempt = own_attempt(request.user, attempt_id)
    if attempt.is_open:
        return redirect("training:attempt", attempt_id=attempt.pk)
    options = selectors.review_options(attempt, attempt.quiz)
    quiz = content.quiz_titles([attempt.quiz_id])[attempt.quiz_id]
    return render(
        request,
        "training/attempt_review.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "options": options,
            "items": selectors.attempt_review(attempt, options),
            "course_id": attempt.enrollment.course_id,
            "time_up": attempt.closed_by_timeout or request.GET.get("timeup") == "1",
        },
    )


@require_POST
@login_required
def feedback(request, course_id):
    page = _course_or_404(course_id)
    canonical = course_selectors.canonical(page)
    enrollment = selectors.current_enrollment(_me(request), canonical)
    if enrollment is None:
        raise Http404
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.course_feedback_submit(
                enrollment=enrollment,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except services.TrainingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Thank you for your feedback."))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect("training:course", course_id=canonical.pk)


@login_required
def certificate_pdf(request, certificate_id):
    cert = certificate_for_viewer(request.user, certificate_id)
    pdf = render_certificate_pdf(cert, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{cert.code}.pdf"'
    )
    return response


def certificate_verify(request, code):
    """Public: anyone holding the code can check a certificate."""
    cert = (
        Certificate.objects.select_related("employee")
        .only(
            "code",
            "course_id",
            "issued_at",
            "expires_at",
            "revoked_at",
            "employee",
            "employee__name",
        )
        .filter(code=code.strip().upper())
        .first()
    )
    context = {"code": code, "certificate": cert}
    if cert is not None:
        context["state"] = cert.state_at(timezone.now())
        context["course"] = content.course_titles([cert.course_id])[cert.course_id]
    context["can_revoke"] = (
        cert is not None
        and context["state"] != "revoked"
        and has_role(request.user, Role.HR)
    )
    response = render(
        request, "training/verify.html", context, status=200 if cert else 404
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@role_required(Role.HR)
def certificate_revoke(request, code):
    """HR withdraws a certificate; its public check then says revoked."""
    cert = get_object_or_404(Certificate, code=code.strip().upper())
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Give a reason for revoking the certificate."))
    elif cert.revoked_at is None:
        services.certificate_revoke(certificate=cert, reason=reason, by=request.user)
        messages.success(request, _("The certificate has been revoked."))
    return redirect("training:certificate_verify", code=cert.code)


@require_POST
@login_required
def notifications_read(request):
    services.notifications_mark_read(employee=_me(request))
    return redirect("training:dashboard")


# --- managers, HR, trainers -------------------------------------------------


TEAM_FILTERS = ("store", "team", "course", "status")


def _team_rows(request):
    """The filter form (validated against what the viewer may see) and the
    matching current enrolments, through people.access's rule."""
    visibility = learning_visibility_q(request.user)
    employees = (
        Employee.objects.all()
        if visibility is None
        else Employee.objects.filter(visibility)
    )
    form = None
    if any(request.GET.get(name) for name in TEAM_FILTERS):
        form = TeamFilterForm(
            request.GET,
            employees=employees,
            courses=list(team_reads.course_titles().items()),
        )
    filters = form.cleaned_data if form is not None and form.is_valid() else {}
    people = team_reads.visible_people(visibility)
    qs = team_reads.team_enrollments(
        visibility=visibility,
        people=people,
        store=filters.get("store"),
        team=filters.get("team"),
        course_id=filters.get("course") or None,
        status=filters.get("status") or "",
    )
    return form, filters, qs, team_reads.filter_options(people, visibility)


def _record_urls(rows) -> dict[int, str]:
    """Employee id -> their performance record page, for the names on the
    team page (a link only: training reads nothing of performance). Everyone
    on the team page is someone the viewer may see the records of (the same
    rule, people.access)."""
    people = {r.employee_id for r in rows}
    return {pk: reverse("performance:employee_record", args=[pk]) for pk in people}


@role_required(Role.MANAGER, Role.HR)
def team(request):
    form, filters, qs, options = _team_rows(request)
    page = team_reads.team_page(
        qs, after=request.GET.get("after"), before=request.GET.get("before")
    )
    query = request.GET.copy()
    for name in ("after", "before", "page"):
        query.pop(name, None)
    selects = [
        {
            "name": name,
            "label": TeamFilterForm.base_fields[name].label,
            "options": team_reads.select_html(options[name], filters.get(name)),
        }
        for name in TEAM_FILTERS
    ]
    return render(
        request,
        "training/team.html",
        {
            "selects": selects,
            "errors": form.errors if form is not None else None,
            "page": page,
            "rows": page.rows,
            "records": _record_urls(page.rows),
            "counts": team_reads.team_counts(qs),
            "query": query.urlencode(),
        },
    )


@role_required(Role.MANAGER, Role.HR)
def team_export(request):
    _form, _filters, qs, _options = _team_rows(request)
    header = [
        _("Employee number"),
        _("Name"),
        _("Store"),
        _("Team"),
        _("Course"),
        _("Status"),
        _("Progress (%)"),
        _("Quiz grade (%)"),
        _("Due date"),
        _("Completed at"),
    ]

    def rows():
        yield header
        for r in team_reads.iter_rows(qs):
            yield [
                r.number,
                r.name,
                r.store,
                r.team,
                r.course,
                r.status_label,
                r.progress,
                r.grade,
                r.due_date,
                timezone.localtime(r.completed_at).strftime("%Y-%m-%d %H:%M")
                if r.completed_at
                else "",
            ]

    return csv_download(rows(), "team-learning.csv")


def _due_date_changes(enrollments) -> list[tuple]:
    """[(earlier due date, how many people)] of re-assigned enrolments."""
    counts: dict = {}
    for e in enrollments:
        if hasattr(e, "previous_due_date"):
            counts[e.previous_due_date] = counts.get(e.previous_due_date, 0) + 1
    return sorted(counts.items(), key=lambda item: str(item[0]))


@role_required(Role.MANAGER, Role.HR, Role.TRAINER)
def assign(request):
    me = employee_of(request.user)
    employees = assignable_employees(request.user)
    form = AssignForm(
        request.POST or None,
        employees=employees,
        courses=selectors.course_choices(),
        paths=selectors.path_choices(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        course = (
            get_object_or_404(CoursePage, pk=data["course"]) if data["course"] else None
        )
        path = (
            get_object_or_404(LearningPath, pk=data["path"]) if data["path"] else None
        )
        # Group targets are narrowed to the people this user may assign.
        chosen = services._targets(
            employees=data["employees"] or [],
            team=data["team"],
            store=data["store"],
            position=data["position"] or None,
        )
        allowed = set(employees.values_list("pk", flat=True))
        chosen = [e for e in chosen if e.pk in allowed]
        result = services.assignment_create(
            course=course,
            path=path,
            employees=chosen,
            due_date=data["due_date"],
            assigned_by=me,
        )
        people = len({e.employee_id for e in result})
        messages.success(request, _("Assigned to %(n)d people.") % {"n": people})
        for was, n in _due_date_changes(result):
            messages.info(
                request,
                ngettext(
                    "Due date changed for %(n)d person: was %(was)s, now %(now)s.",
                    "Due date changed for %(n)d people: was %(was)s, now %(now)s.",
                    n,
                )
                % {"n": n, "was": was or _("none"), "now": data["due_date"]},
            )
        return redirect(reverse("training:assign"))
    return render(
        request,
        "training/assign.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
