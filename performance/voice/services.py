"""Writes for customer voice: surveys, tokens, responses, and the monthly
observations they become."""

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    ImportBatch,
    Level,
    Metric,
    Observation,
    QuestionnaireItem,
    QuestionnaireVersion,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
    SurveyToken,
)
from . import scoring

SOURCE = "customer survey"  # Observation.source of every survey figure
DIMENSION_METRICS = {d: f"servqual_{d}" for d in scoring.DIMENSIONS}


class SubmitRefused(Exception):
    """A token that cannot be used: unknown, already used by another submit,
    or of a closed survey. One message for all, so a page never tells
    whether a token exists."""

    message = _(
        "This survey link can't be used. It may have been used already or "
        "copied incompletely. Thank you for your time."
    )


@dataclass(frozen=True)
class SubmitOutcome:
    response_id: int | None
    repeated: bool  # True: the same submit arrived again; nothing new stored


def _digest(purpose: str, nonce: str) -> str:
    # Different digests on the token and on the response, so the two can't
    # be joined through the nonce when the survey is anonymous.
    return hashlib.sha256(f"{purpose}:{nonce}".encode()).hexdigest()


def questionnaires_ensure() -> None:
    from .classic import questionnaires_ensure as ensure

    ensure(QuestionnaireVersion, QuestionnaireItem)


def survey_create(
    *,
    version: QuestionnaireVersion,
    name: str,
    name_en: str = "",
    store=None,
    employee=None,
    access: str = Survey.Access.OPEN,
    anonymous: bool = False,
    by=None,
) -> Survey:
    """A survey about a store, or an employee (counted for their store too)."""
    if employee is not None:
        store = employee.store
    if store is None:
        raise ValidationError(_("A survey is about a store or an employee."))
    return Survey.objects.create(
        version=version,
        name=name,
        name_en=name_en,
        store=store,
        employee=employee,
        access=access,
        anonymous=anonymous,
        created_by=by,
    )


def token_issue(*, survey: Survey, transaction_ref: str) -> SurveyToken:
    """The token for one receipt or ticket; asking again for the same
    transaction returns the same token (a POS may retry)."""
    transaction_ref = transaction_ref.strip()
    if not transaction_ref:
        raise ValidationError(_("Enter the receipt or ticket number."))
    if survey.access != Survey.Access.TOKEN:
        raise ValidationError(_("This survey is answered by open link."))
    try:
        with transaction.atomic():
            token, _created = SurveyToken.objects.get_or_create(
                survey=survey, transaction_ref=transaction_ref
            )
    except IntegrityError:
        token = SurveyToken.objects.get(survey=survey, transaction_ref=transaction_ref)
    return token


def token_usable(*, survey: Survey, key: str) -> bool:
    return (
        survey.is_active
        and SurveyToken.objects.filter(
            survey=survey, key=key, consumed_at__isnull=True
        ).exists()
    )


def _specs(items: Iterable[QuestionnaireItem]) -> list[scoring.ItemSpec]:
    return [scoring.ItemSpec(i.number, i.dimension, i.reversed) for i in items]


def answers_problems(
    *, kind: str, items, answers: Mapping[int, scoring.Pair], rating
) -> list[str]:
    """Codes of what is wrong with a submit ([] if complete and in range)."""
    problems = []
    if kind == SurveyKind.SERVQUAL:
        for item in items:
            pair = answers.get(item.number, (None, None))
            if any(v is not None and not 1 <= v <= 7 for v in pair):
                problems.append("range")
            elif item.required and None in pair:
                problems.append("missing")
        if set(answers) - {i.number for i in items}:
            problems.append("unknown_item")
    else:
        low, high = scoring.SCALES[kind]
        if rating is None:
            problems.append("missing")
        elif not low <= rating <= high:
            problems.append("range")
    return sorted(set(problems))


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    nonce: str,
    answers: Mapping[int, scoring.Pair] | None = None,
    rating: int | None = None,
    comment: str = "",
    language: str = "",
    token_key: str | None = None,
    now: dt.datetime | None = None,
    refresh: bool = True,
) -> SubmitOutcome:
    """Store one complete response, all or nothing, and queue its month's
    observations. `nonce` comes from the form: the same submit arriving twice
    (a network retry) is answered as stored once. A token is used up only by
    a complete response; any other reuse raises SubmitRefused. Incomplete or
    out-of-range answers raise ValidationError with the problem codes."""
    now = now or timezone.now()
    answers = dict(answers or {})
    response_key = _digest("response", nonce)
    previous = SurveyResponse.objects.filter(submission_key=response_key).first()
    if previous is not None and previous.survey_id == survey.pk:
        return SubmitOutcome(previous.pk, repeated=True)
    if not survey.is_active:
        raise SubmitRefused
    version = survey.version
    items = list(version.items.all())
    problems = answers_problems(
        kind=version.kind, items=items, answers=answers, rating=rating
    )
    if problems:
        raise ValidationError(problems, code="answers")
    token = None
    if survey.access == Survey.Access.TOKEN:
        token = (
            SurveyToken.objects.select_for_update()
            .filter(survey=survey, key=token_key or "")
            .first()
        )
        if token is None:
            raise SubmitRefused
        if token.consumed_at is not None:
            if token.submission_digest == _digest("token", nonce):
                return SubmitOutcome(None, repeated=True)
            raise SubmitRefused
    response = SurveyResponse(
        survey=survey,
        kind=version.kind,
        store_id=survey.store_id,
        employee_id=survey.employee_id,
        submitted_on=timezone.localdate(now),
        submission_key=response_key,
        language=language[:10],
        comment=comment.strip()[:2000],
    )
    if not survey.anonymous:
        response.submitted_at = now
        response.token = token
        response.transaction_ref = token.transaction_ref if token else ""
    if version.kind == SurveyKind.SERVQUAL:
        scores = scoring.servqual_response(answers, _specs(items), version.weights)
        for dimension, gap in scores.dimensions.items():
            setattr(response, f"gap_{dimension}", gap)
        response.gap_overall = scores.overall
        response.gap_weighted = scores.weighted
    else:
        response.rating = rating
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:  # the same submit, committed meanwhile
        return SubmitOutcome(None, repeated=True)
    if version.kind == SurveyKind.SERVQUAL:
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(
                response=response,
                item=item,
                expectation=answers.get(item.number, (None, None))[0],
                perception=answers.get(item.number, (None, None))[1],
            )
            for item in items
            if answers.get(item.number, (None, None)) != (None, None)
        )
    if token is not None:
        token.consumed_at = now
        token.submission_digest = _digest("token", nonce)
        token.save(update_fields=["consumed_at", "submission_digest"])
    if not refresh:  # the caller refreshes in bulk (demo data, imports)
        return SubmitOutcome(response.pk, repeated=False)
    month = response.submitted_on.replace(day=1)
    store_id, employee_id = survey.store_id, survey.employee_id
    transaction.on_commit(
        lambda: _refresh_later(store_id=store_id, employee_id=employee_id, month=month)
    )
    return SubmitOutcome(response.pk, repeated=False)


def _refresh_later(**kwargs) -> None:
    from ..tasks import survey_observations_task

    kwargs["month"] = kwargs["month"].isoformat()
    survey_observations_task.delay(**kwargs)


# Monthly observations -------------------------------------------------------


def _month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


GAP_FIELDS = [f"gap_{d}" for d in scoring.DIMENSIONS] + ["gap_overall", "gap_weighted"]
GAP_METRICS = dict(
    zip(
        GAP_FIELDS,
        [*DIMENSION_METRICS.values(), "servqual_overall", "servqual_weighted"],
        strict=True,
    )
)


def monthly_figures(responses, by: str):
    """One SQL aggregate: per subject (`by`: store_id or employee_id), month
    and kind, the mean and n of each stored score and the rating counts that
    CSAT and NPS need (performance.voice.scoring defines them)."""
    aggregates = {"n": Count("pk"), "mean_rating": Avg("rating")}
    aggregates["satisfied"] = Count("pk", filter=Q(rating__gte=4))
    aggregates["promoters"] = Count("pk", filter=Q(rating__gte=9))
    aggregates["detractors"] = Count("pk", filter=Q(rating__lte=6))
    for name in GAP_FIELDS:
        aggregates[f"{name}_mean"] = Avg(name)
        aggregates[f"{name}_n"] = Count(name)
    return (
        responses.annotate(month=TruncMonth("submitted_on"))
        .values(by, "month", "kind")
        .annotate(**aggregates)
        .order_by()
    )


def _observation_rows(figures, by: str, metric_ids: Mapping[str, int]):
    """(metric_id, subject_id, month start, month end, value, numerator,
    denominator, n) per metric of one aggregate row."""
    for row in figures:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        subject, end, n, kind = row[by], _month_end(month), row["n"], row["kind"]
        if kind == SurveyKind.SERVQUAL:
            for name, code in GAP_METRICS.items():
                if row[f"{name}_n"]:
                    yield (metric_ids[code], subject, month, end,
                           row[f"{name}_mean"], None, None, row[f"{name}_n"])  # fmt: skip
        elif kind == SurveyKind.CSAT:
            yield (metric_ids["csat"], subject, month, end,
                   100 * row["satisfied"] / n, row["satisfied"], n, n)  # fmt: skip
        elif kind == SurveyKind.NPS:
            net = row["promoters"] - row["detractors"]
            yield (metric_ids["nps"], subject, month, end, 100 * net / n, net, n, n)
        elif kind == SurveyKind.CES:
            yield (metric_ids["ces"], subject, month, end,
                   row["mean_rating"], None, None, n)  # fmt: skip


def _upsert(rows: list[tuple], *, level: str, batch_id) -> int:
    """Insert or update observations in chunks of one statement each (the
    partial unique index of the level is the conflict target, which Django's
    bulk_create cannot name)."""
    if not rows:
        return 0
    table = Observation._meta.db_table
    subject = {Level.STORE: "store_id", Level.EMPLOYEE: "employee_id"}[level]
    columns = (
        f"metric_id, {subject}, period_start, period_end, value, numerator, "
        "denominator, sample_size, level, source, batch_id"
    )
    sql_head = f"INSERT INTO {table} ({columns}) VALUES "
    sql_tail = (
        f" ON CONFLICT (metric_id, {subject}, period_start, period_end, source)"
        f" WHERE level = '{level}' DO UPDATE SET value = excluded.value,"
        " numerator = excluded.numerator, denominator = excluded.denominator,"
        " sample_size = excluded.sample_size, batch_id = excluded.batch_id"
    )
    placeholder = "(" + ", ".join(["%s"] * 11) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            params = [v for row in chunk for v in (*row, level, SOURCE, batch_id)]
            cursor.execute(
                sql_head + ", ".join([placeholder] * len(chunk)) + sql_tail, params
            )
    return len(rows)


def _metric_ids() -> dict[str, int]:
    from ..services import metric_builtins_ensure

    codes = ["csat", "nps", "ces", *GAP_METRICS.values()]
    found = dict(Metric.objects.filter(code__in=codes).values_list("code", "pk"))
    if len(found) < len(codes):
        metric_builtins_ensure()
        found = dict(Metric.objects.filter(code__in=codes).values_list("code", "pk"))
    return found


@transaction.atomic
def survey_observations_refresh(
    *,
    store_id: int | None = None,
    employee_id: int | None = None,
    month: dt.date | None = None,
    batch: ImportBatch | None = None,
) -> int:
    """Recompute the monthly survey observations (source "customer survey")
    of one store (and employee) and month, or of everything when no store is
    given: per store from all its surveys' responses, per employee from the
    surveys naming them. Idempotent; returns the observations written."""
    metric_ids = _metric_ids()
    responses = SurveyResponse.objects.all()
    if month is not None:
        responses = responses.filter(
            submitted_on__gte=month, submitted_on__lte=_month_end(month)
        )
    batch_id = (
        ImportBatch._meta.pk.get_db_prep_value(batch.pk, connection) if batch else None
    )
    store_responses = responses
    if store_id is not None:
        store_responses = responses.filter(store_id=store_id)
    written = _upsert(
        list(
            _observation_rows(
                monthly_figures(store_responses, "store_id"), "store_id", metric_ids
            )
        ),  # fmt: skip
        level=Level.STORE,
        batch_id=batch_id,
    )
    if store_id is not None and employee_id is None:
        return written
    employee_responses = responses.filter(employee_id__isnull=False)
    if employee_id is not None:
        employee_responses = responses.filter(employee_id=employee_id)
    written += _upsert(
        list(
            _observation_rows(
                monthly_figures(employee_responses, "employee_id"),
                "employee_id",
                metric_ids,
            )
        ),  # fmt: skip
        level=Level.EMPLOYEE,
        batch_id=batch_id,
    )
    return written


def survey_observations_rebuild_start(*, user=None) -> ImportBatch:
    """Queue the recomputation of every survey observation; the batch row
    shows its progress on the import pages."""
    from ..tasks import survey_observations_rebuild_task

    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.API,
        created_by=user,
        source=SOURCE,
        original_name="survey responses",
        status=ImportBatch.Status.QUEUED,
    )
    batch_id = str(batch.pk)
    transaction.on_commit(lambda: survey_observations_rebuild_task.delay(batch_id))
    return batch


def survey_observations_rebuild_run(*, batch_id) -> int | None:
    """Run a queued rebuild month by month, writing progress to its batch.
    A batch already started or finished is left alone (repeated delivery)."""
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status=ImportBatch.Status.QUEUED
    ).update(status=ImportBatch.Status.RUNNING, phase="writing")
    if not claimed:
        return None
    batch = ImportBatch.objects.get(pk=batch_id)
    months = sorted(
        {
            (m.date() if isinstance(m, dt.datetime) else m)
            for m in SurveyResponse.objects.annotate(m=TruncMonth("submitted_on"))
            .values_list("m", flat=True)
            .distinct()
            .order_by()
        }
    )
    written = 0
    for i, month in enumerate(months, start=1):
        written += survey_observations_refresh(month=month, batch=batch)
        ImportBatch.objects.filter(pk=batch.pk).update(
            progress=min(99, int(100 * i / len(months))), rows_total=written
        )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.SUCCEEDED,
        phase="",
        progress=100,
        rows_total=written,
        created_count=written,
        finished_at=timezone.now(),
    )
    return written
