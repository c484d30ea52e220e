"""Importing a metrics CSV (1,000,000 rows at full scale) through
performance.services.observations_import_file, the path an HR upload takes,
against a plain COPY of the same file into a table of the same columns.

A second, fairer floor is timed after the import and reported with its
phases: COPY of the same rows straight into performance_observation (its
indexes and FK checks, commit included), with ids resolved beforehand.
`BENCH_IMPORT_ROWS=200000` overrides the scale's row count."""

import csv
import datetime as dt
import os
import time
from itertools import islice
from pathlib import Path

from django.db import connection

from bench.data import NULL, has_models

HEADER = [
    "employee_number",
    "metric",
    "period_start",
    "value",
    "numerator",
    "denominator",
    "sample_size",
]
FLOOR_TABLE = "bench_copy_floor"
FLOOR_SOURCE = "bench-floor"


def ready() -> str | None:
    why = has_models("performance.Observation")
    if why:
        return why
    from performance import services

    if not hasattr(services, "observations_import_file"):
        return "performance.services.observations_import_file not on main yet"
    return None


def prepare(ctx) -> dict:
    """New observations for the days before the generated year: every row
    creates one (no updates), employees x days until import_rows. Rows of an
    earlier bench import are deleted first, so a kept database can rerun it."""
    from bench.data.performance import period
    from people.models import Employee
    from performance.models import Metric

    metrics = list(
        Metric.objects.filter(level="employee", is_active=True)
        .order_by("code")
        .values_list("code", "aggregation")
    )
    numbers = list(Employee.objects.order_by("pk").values_list("number", flat=True))
    first, _ = period(ctx.scale)
    rows = int(os.environ.get("BENCH_IMPORT_ROWS") or ctx.scale.import_rows)
    with connection.cursor() as cur:
        cur.execute(
            "DELETE FROM performance_observation WHERE batch_id IS NOT NULL"
            " OR source = %s",
            [FLOOR_SOURCE],
        )
    path = ctx.workdir / "metrics.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        n, day = 0, first
        while n < rows:
            day -= dt.timedelta(days=1)
            for i, number in enumerate(numbers):
                if n == rows:
                    break
                code, aggregation = metrics[(i + day.toordinal()) % len(metrics)]
                if aggregation == "rate":
                    den = 20 + (i * 7 + n) % 40
                    row = [number, code, day, "", den * 3 // 4, den, ""]
                elif aggregation == "sum":
                    row = [number, code, day, n % 3, "", "", ""]
                else:
                    value = 180 + n % 300 if code == "aht" else 60 + n % 40
                    row = [number, code, day, value, "", "", 1 + n % 20]
                writer.writerow(row)
                n += 1
    return {"path": str(path), "rows": rows}


def _timed(phases: dict, name: str, fn):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0) + time.perf_counter() - started

    return wrapper


def run(args: dict) -> dict:
    """Timed as a whole; the import pipeline's steps are also timed by
    wrapping them (module attributes, looked up at call time), so the
    report can say where the time goes."""
    import importlib

    from performance.services import observations_import_file

    phases: dict[str, float] = {}
    # Steps of the pipeline before and after its rework; missing ones are
    # skipped, so one job file measures either.
    steps = [
        ("copy_postgres", "load", "read+stage"),
        ("raw_copy", "load", "stage raw bytes"),
        ("pipeline", "resolve", "resolve"),
        ("pipeline", "validate", "validate"),
        ("checks", "validate", "validate"),
        ("pipeline", "count_changes", "count_changes"),
        ("pipeline", "upsert", "upsert"),
        ("write", "lock", "lock references"),
        ("write", "match", "match existing"),
        ("write", "insert_new", "insert new"),
        ("write", "update_changed", "update changed"),
    ]
    for module_name, name, label in steps:
        try:
            module = importlib.import_module(f"performance.ingest.{module_name}")
        except ImportError:
            continue
        if hasattr(module, name):
            setattr(module, name, _timed(phases, label, getattr(module, name)))
    started = time.perf_counter()
    result = observations_import_file(file=args["path"], source="bench")
    seconds = time.perf_counter() - started
    phases["other (incl. commit)"] = seconds - sum(phases.values())
    if not result.ok or result.created != args["rows"]:
        raise SystemExit(
            f"import: {result.error_count} problems, {result.created} created"
            f" of {args['rows']} rows"
        )
    floor2 = observation_copy_floor(args)
    phases["| floor 2: COPY into performance_observation"] = floor2
    return {
        "seconds": seconds,
        "units": args["rows"],
        "phases": {k: round(v, 2) for k, v in phases.items()},
        "floor2_seconds": round(floor2, 3),
        "ratio_to_floor2": round(floor2 / seconds, 3),
    }


def observation_copy_floor(args: dict) -> float:
    """Seconds to COPY the file's rows straight into performance_observation
    and commit (indexes, CHECKs, deferred FK checks), the least any import into
    that table can cost. Ids (batch included) and rate values are resolved
    before timing; the rows (another source, so no key clashes with the
    import) are deleted after."""
    from django.db import transaction

    from people.models import Employee
    from performance.models import ImportBatch, Metric

    batch = ImportBatch.objects.create(kind=ImportBatch.Kind.FILE, source=FLOOR_SOURCE)
    employees = dict(Employee.objects.values_list("number", "pk"))
    metrics = {m.code: m for m in Metric.objects.all()}
    resolved = Path(args["path"]).with_suffix(".resolved.csv")
    with (
        open(args["path"], encoding="utf-8") as f,
        open(resolved, "w", newline="", encoding="utf-8") as out,
    ):
        writer = csv.writer(out, lineterminator="\n")
        for number, code, day, value, num, den, n in islice(csv.reader(f), 1, None):
            metric = metrics[code]
            if value == "" and num and den:
                value = float(num) / float(den) * metric.rate_scale
            writer.writerow(
                [
                    metric.pk,
                    "employee",
                    employees[number],
                    day,
                    day,
                    value,
                    num or NULL,
                    den or NULL,
                    n or NULL,
                    FLOOR_SOURCE,
                    batch.pk,
                ]
            )
    columns = (
        "metric_id, level, employee_id, period_start, period_end, value,"
        " numerator, denominator, sample_size, source, batch_id"
    )
    started = time.perf_counter()
    with (
        open(resolved, encoding="utf-8") as f,
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.cursor.copy_expert(
            f"COPY performance_observation ({columns}) FROM STDIN"
            f" WITH (FORMAT csv, NULL '{NULL}')",
            f,
            size=1 << 20,
        )
    seconds = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute(
            "DELETE FROM performance_observation WHERE source = %s", [FLOOR_SOURCE]
        )
    batch.delete()
    resolved.unlink()
    return seconds


def floor(args: dict) -> dict:
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        cur.execute(
            f"CREATE TABLE {FLOOR_TABLE} (employee_number text, metric text,"
            " period_start date, value double precision, numerator double precision,"
            " denominator double precision, sample_size integer)"
        )
        started = time.perf_counter()
        with open(args["path"], encoding="utf-8") as f:
            cur.copy_expert(
                f"COPY {FLOOR_TABLE} FROM STDIN WITH (FORMAT csv, HEADER true)",
                f,
                size=1 << 20,
            )
        seconds = time.perf_counter() - started
        cur.execute(f"DROP TABLE {FLOOR_TABLE}")
    return {"seconds": seconds, "units": args["rows"]}
