"""Writes for customer voice: surveys, tokens, responses, and the monthly
observations they become."""

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
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
from ..selectors import month_bounds
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


def survey_set_open(*, survey: Survey, is_open: bool) -> Survey:
    """Open or close a survey for answers; its responses and figures stay."""
    if survey.is_active != is_open:
        survey.is_active = is_open
        survey.save(update_fields=["is_active"])
    return survey


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


GAP_FIELDS = [f"gap_{d}" for d in scoring.DIMENSIONS] + ["gap_overall", "gap_weighted"]
GAP_METRICS = dict(
    zip(
        GAP_FIELDS,
        [*DIMENSION_METRICS.values(), "servqual_overall", "servqual_weighted"],
        strict=True,
    )
)


# Month start and end of a response's day, per database.
_MONTH = {
    "postgresql": (
        "date_trunc('month', submitted_on)::date",
        "(date_trunc('month', submitted_on) + interval '1 month - 1 day')::date",
    ),
    "sqlite": (
        "date(submitted_on, 'start of month')",
        "date(submitted_on, 'start of month', '+1 month', '-1 day')",
    ),
}
_NULL = "CAST(NULL AS DOUBLE PRECISION)"


def _refresh_sql(*, level: str, where: list[str], metric_ids: Mapping[str, int]):
    """One statement per level: a GROUP BY subject, month and kind over the
    responses (the scores stored with each response, performance.voice.scoring
    defines them), each metric's rows picked from it and upserted into
    performance_observation. The partial unique index of the level is the
    conflict target, which Django's bulk_create cannot name."""
    subject = {Level.STORE: "store_id", Level.EMPLOYEE: "employee_id"}[level]
    start, end = _MONTH[connection.vendor]
    gaps = ", ".join(f"avg({g}) AS {g}_mean, count({g}) AS {g}_n" for g in GAP_FIELDS)
    parts = [
        f"SELECT {metric_ids[code]} AS metric_id, subject, m0, m1, {g}_mean AS value,"
        f" {_NULL} AS num, {_NULL} AS den, {g}_n AS n"
        f" FROM agg WHERE kind = 'servqual' AND {g}_n > 0"
        for g, code in GAP_METRICS.items()
    ]
    parts += [
        f"SELECT {metric_ids['csat']}, subject, m0, m1, 100.0 * satisfied / n,"
        " satisfied, n, n FROM agg WHERE kind = 'csat'",
        f"SELECT {metric_ids['nps']}, subject, m0, m1,"
        " 100.0 * (promoters - detractors) / n, promoters - detractors, n, n"
        " FROM agg WHERE kind = 'nps'",
        f"SELECT {metric_ids['ces']}, subject, m0, m1, mean_rating, {_NULL},"
        f" {_NULL}, n FROM agg WHERE kind = 'ces'",
    ]
    table = Observation._meta.db_table
    responses = SurveyResponse._meta.db_table
    return f"""
        WITH agg AS (
          SELECT {subject} AS subject, {start} AS m0, {end} AS m1, kind,
            count(*) AS n, avg(rating) AS mean_rating,
            sum(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) AS satisfied,
            sum(CASE WHEN rating >= 9 THEN 1 ELSE 0 END) AS promoters,
            sum(CASE WHEN rating <= 6 THEN 1 ELSE 0 END) AS detractors,
            {gaps}
          FROM {responses} WHERE {" AND ".join(where)}
          GROUP BY 1, 2, 3, 4
        )
        INSERT INTO {table} (metric_id, {subject}, period_start, period_end,
          value, numerator, denominator, sample_size, level, source, batch_id)
        SELECT metric_id, subject, m0, m1, value, num, den, n, %s, %s, %s
        FROM ({" UNION ALL ".join(parts)}) AS figures WHERE true
        ON CONFLICT (metric_id, {subject}, period_start, period_end, source)
          WHERE level = '{level}'
        DO UPDATE SET value = excluded.value, numerator = excluded.numerator,
          denominator = excluded.denominator, sample_size = excluded.sample_size,
          batch_id = excluded.batch_id
        WHERE {table}.value IS DISTINCT FROM excluded.value
          OR {table}.sample_size IS DISTINCT FROM excluded.sample_size
          OR {table}.numerator IS DISTINCT FROM excluded.numerator
    """


def _refresh(*, level, where, params, metric_ids, batch_id) -> int:
    sql = _refresh_sql(level=level, where=where, metric_ids=metric_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, level, SOURCE, batch_id])
        return max(cursor.rowcount, 0)


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
    where, params = ["1 = 1"], []
    if month is not None:
        where.append("submitted_on >= %s AND submitted_on <= %s")
        params += list(month_bounds(month))
    batch_id = (
        ImportBatch._meta.pk.get_db_prep_value(batch.pk, connection) if batch else None
    )
    common = {"metric_ids": metric_ids, "batch_id": batch_id}
    store_where, store_params = where, params
    if store_id is not None:
        store_where, store_params = [*where, "store_id = %s"], [*params, store_id]
    written = _refresh(
        level=Level.STORE, where=store_where, params=store_params, **common
    )
    if store_id is not None and employee_id is None:
        return written
    if employee_id is not None:
        where, params = [*where, "employee_id = %s"], [*params, employee_id]
    else:
        where = [*where, "employee_id IS NOT NULL"]
    return written + _refresh(
        level=Level.EMPLOYEE, where=where, params=params, **common
    )


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
