"""Survey pages: the public answer page (no sign-in, phone-first, no
external assets), and the staff pages for links, QR codes, tokens and
results (HR every store, a manager their own, through people.access)."""

import io
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people.access import stores_visible_to

from ..models import Survey, SurveyToken
from ..permissions import hr_only, manager_or_hr
from . import selectors
from .forms import SurveyForm, parse_submit, problem_messages, scale_of
from .services import (
    SubmitRefused,
    response_submit,
    survey_create,
    survey_observations_rebuild_start,
    survey_set_open,
    token_issue,
    token_usable,
)

DEVICE_COOKIE = "voice_device"
# Open links: responses per device and survey a day, submits per address
# and survey an hour (a store's Wi-Fi is shared, so the address limit is
# looser). Settings may tune them.
DEVICE_LIMIT = getattr(settings, "VOICE_DEVICE_LIMIT", (3, 24 * 3600))
ADDRESS_LIMIT = getattr(settings, "VOICE_ADDRESS_LIMIT", (30, 3600))
LANGUAGES = ("zh-hans", "en")


def _language(request) -> str:
    asked = request.GET.get("lang") or request.POST.get("lang")
    if asked in LANGUAGES:
        return asked
    return "en" if translation.get_language().startswith("en") else "zh-hans"


def _over_limit(key: str, limit: tuple[int, int], *, count: bool) -> bool:
    allowed, seconds = limit
    if count:
        cache.add(key, 0, seconds)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
            used = 1
        return used > allowed
    return (cache.get(key) or 0) >= allowed


def _unusable(request, lang):
    """One page for an unknown survey, an unknown or used token and a closed
    survey, so the answer never tells whether a token exists."""
    return render(
        request,
        "performance/voice/unusable.html",
        {"lang": lang, "message": SubmitRefused.message},
        status=404,
    )


def survey_answer(request, code: str, key: str | None = None):
    lang = _language(request)
    with translation.override(lang):
        survey = (
            Survey.objects.select_related("version", "store", "employee")
            .filter(code=code)
            .first()
        )
        if survey is None or not survey.is_active:
            return _unusable(request, lang)
        is_token = survey.access == Survey.Access.TOKEN
        if is_token != (key is not None):
            return _unusable(request, lang)
        if request.method == "POST":
            return _submit(request, survey, key, lang)
        if is_token and not token_usable(survey=survey, key=key):
            return _unusable(request, lang)
        return _form(request, survey, key, lang, nonce=secrets.token_urlsafe(16))


def _rating(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _form(request, survey, key, lang, *, nonce, values=None, problems=(), status=200):
    items = list(survey.version.items.all())
    kind = survey.version.kind
    values = values or {}
    rows = []
    for item in items:
        e, p = (
            _rating(values.get(f"e{item.number}")),
            _rating(values.get(f"p{item.number}")),
        )
        invalid = bool(problems) and item.required and (e is None or p is None)
        rows.append({"item": item, "e": e, "p": p, "invalid": invalid})
    response = render(
        request,
        "performance/voice/answer.html",
        {
            "survey": survey,
            "kind": kind,
            "items": items,
            "rows": rows if kind == "servqual" else [],
            # A first view has nothing checked: its items come from the cache.
            "fresh": not values and not problems,
            "rating": _rating(values.get("rating")),
            "comment": values.get("comment", "")[:2000],
            "scale": scale_of(kind),
            "errors": problem_messages(problems),
            "nonce": nonce,
            "lang": lang,
            "other_lang": "en" if lang == "zh-hans" else "zh-hans",
            "action": request.path,
        },
        status=status,
    )
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _submit(request, survey, key, lang):
    version = survey.version
    items = list(version.items.all())
    answers, rating, comment, problems = parse_submit(
        request.POST, kind=version.kind, items=items
    )
    nonce = (request.POST.get("nonce") or "")[:64]
    open_link = survey.access == Survey.Access.OPEN
    device = request.COOKIES.get(DEVICE_COOKIE, "")[:64]
    address = request.META.get("REMOTE_ADDR", "")
    if open_link and (
        _over_limit(f"voice:ip:{survey.pk}:{address}", ADDRESS_LIMIT, count=True)
        or (
            device
            and _over_limit(
                f"voice:dev:{survey.pk}:{device}", DEVICE_LIMIT, count=False
            )
        )  # fmt: skip
    ):
        return render(
            request, "performance/voice/limited.html", {"lang": lang}, status=429
        )
    if not nonce:
        problems.add("unknown_item")
    try:
        if problems:
            raise ValidationError(sorted(problems))
        outcome = response_submit(
            survey=survey,
            nonce=nonce,
            answers=answers,
            rating=rating,
            comment=comment,
            language=lang,
            token_key=key,
        )
    except SubmitRefused:
        return _unusable(request, lang)
    except ValidationError as exc:
        return _form(
            request,
            survey,
            key,
            lang,
            nonce=nonce or secrets.token_urlsafe(16),
            values=request.POST,
            problems=set(exc.messages),
            status=400,
        )
    if open_link and device and not outcome.repeated:
        _over_limit(f"voice:dev:{survey.pk}:{device}", DEVICE_LIMIT, count=True)
    return redirect(
        reverse("performance:survey_done", args=[survey.code]) + f"?lang={lang}"
    )


def survey_done(request, code: str):
    lang = _language(request)
    with translation.override(lang):
        return render(request, "performance/voice/done.html", {"lang": lang})


# Staff pages -----------------------------------------------------------------


def _visible_survey(user, pk: int) -> Survey:
    survey = get_object_or_404(
        Survey.objects.select_related("version", "store", "employee"), pk=pk
    )
    if not stores_visible_to(user).filter(pk=survey.store_id).exists():
        raise Http404
    return survey


def answer_url(request, survey: Survey, token: SurveyToken | None = None) -> str:
    args = [survey.code] + ([token.key] if token else [])
    name = "performance:survey_answer_token" if token else "performance:survey_answer"
    return request.build_absolute_uri(reverse(name, args=args))


@manager_or_hr
def survey_list(request):
    surveys = selectors.surveys_for(stores_visible_to(request.user))
    return render(request, "performance/voice/survey_list.html", {"surveys": surveys})


@manager_or_hr
def survey_new(request):
    form = SurveyForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            survey = survey_create(
                version=data["version"],
                name=data["name"],
                name_en=data["name_en"],
                store=data["store"],
                employee=data["employee"],
                access=data["access"],
                anonymous=data["anonymous"],
                by=request.user,
            )
            messages.success(request, _("Survey created."))
            return redirect("performance:survey_detail", survey.pk)
        status = 400
    else:
        status = 200
    return render(
        request, "performance/voice/survey_new.html", {"form": form}, status=status
    )


@manager_or_hr
@require_POST
def survey_open(request, pk: int):
    """Close a survey for answers, or open it again (POST is_open=0/1)."""
    survey = _visible_survey(request.user, pk)
    choice = request.POST.get("is_open")
    if choice not in ("0", "1"):
        return HttpResponseBadRequest(_("Choose to open or to close the survey."))
    survey_set_open(survey=survey, is_open=choice == "1")
    messages.success(
        request,
        _("The survey is open for answers.")
        if survey.is_active
        else _("The survey is closed: its links no longer take answers."),
    )
    return redirect("performance:survey_detail", survey.pk)


@manager_or_hr
def survey_detail(request, pk: int):
    survey = _visible_survey(request.user, pk)
    token = None
    if request.method == "POST":
        try:
            token = token_issue(
                survey=survey, transaction_ref=request.POST.get("transaction_ref", "")
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    tokens = selectors.recent_tokens(survey)
    return render(
        request,
        "performance/voice/survey_detail.html",
        {
            "survey": survey,
            "open_url": None
            if survey.access == Survey.Access.TOKEN
            else answer_url(request, survey),
            "token": token,
            "token_url": answer_url(request, survey, token) if token else None,
            "tokens": tokens,
            "counts": selectors.response_counts(survey),
        },
    )


@manager_or_hr
def survey_qr(request, pk: int, fmt: str):
    """The survey's link (or one token's, ?token=) as a QR code, made here."""
    if fmt not in ("svg", "png"):
        raise Http404
    survey = _visible_survey(request.user, pk)
    token = None
    if request.GET.get("token"):
        token = get_object_or_404(SurveyToken, survey=survey, key=request.GET["token"])
    elif survey.access == Survey.Access.TOKEN:
        raise Http404
    qr = segno.make(answer_url(request, survey, token), error="m")
    buffer = io.BytesIO()
    if fmt == "svg":
        qr.save(buffer, kind="svg", scale=6, border=2, title=survey.display_name)
        content_type = "image/svg+xml"
    else:
        qr.save(buffer, kind="png", scale=8, border=2)
        content_type = "image/png"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    return response


@manager_or_hr
def survey_results(request):
    stores = stores_visible_to(request.user).order_by("code")
    store = None
    chosen = request.GET.get("store")
    if chosen and chosen.isdigit():
        store = stores.filter(pk=int(chosen)).first()
    if store is None:
        store = stores.first()
    months = 12
    results = selectors.store_results(store=store, months=months) if store else None
    chart = None
    if results:
        chart = {
            "labels": results.dimension_labels,
            "latest": results.latest_values,
            "months": results.month_labels,
            "overall": results.overall_trend,
            "text": {
                "gap": _("Gap (perception − expectation)"),
                "overall": _("Overall gap"),
            },
        }
    return render(
        request,
        "performance/voice/results.html",
        {
            "stores": stores,
            "store": store,
            "results": results,
            "chart": chart,
            "trend_rows": results.trend_rows if results else [],
        },
    )


@hr_only
@require_POST
def survey_rebuild(request):
    batch = survey_observations_rebuild_start(user=request.user)
    messages.success(request, _("Recalculating survey figures for every store."))
    return redirect("performance:import_detail", pk=batch.pk)
