"""The restore drill: dump the database with pg_dump, restore it into a
scratch database, and find the same row counts and score checksums."""

import shutil
import uuid

import pytest
from django.db import connection

from tools import backup

# Committed rows (pg_dump reads them from its own connection); the
# migrations' rows are put back after the flush for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _url(name: str) -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    )


@pytest.mark.skipif(
    not shutil.which("pg_dump"), reason="PostgreSQL client tools missing"
)
def test_dump_restore_gives_the_same_rows_and_scores(tmp_path, staff, hr):
    if connection.vendor != "postgresql":
        pytest.skip("the drill is for PostgreSQL")
    import datetime as dt

    from performance.models import Level, Metric, Observation
    from performance.services import metric_builtins_ensure

    metric_builtins_ensure()
    Observation.objects.create(
        metric=Metric.objects.get(code="aht"),
        level=Level.EMPLOYEE,
        employee=staff,
        period_start=dt.date(2026, 1, 5),
        period_end=dt.date(2026, 1, 5),
        source="drill",
        value=300,
    )
    source = _url(connection.settings_dict["NAME"])
    scratch = f"scratch_{uuid.uuid4().hex[:8]}"
    path = str(tmp_path / "backup.dump")
    backup.dump(source, path)
    with connection.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{scratch}"')
    try:
        backup.restore(path, _url(scratch))
        assert backup.compare(source, _url(scratch)) == []
        # The check can fail: a changed score is found.
        Observation.objects.filter(source="drill").update(value=301)
        problems = backup.compare(source, _url(scratch))
        assert (
            problems
            == [p for p in problems if p.startswith("sha256:performance_observation")]
            and problems
        )
    finally:
        with connection.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
