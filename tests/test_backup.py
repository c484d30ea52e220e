"""The restore drill: dump the database with pg_dump, restore it into a
scratch database, and find the same row counts and score checksums; a
restore that lost rows is noticed."""

import shutil
import uuid

import pytest
from django.db import connection

from tools import backup

# pg_dump sees what is committed: the migrations' rows (metrics, groups,
# workflow, pages), not this test's open transaction.
pytestmark = pytest.mark.django_db


def _url(name: str) -> str:
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgres://{s['USER']}@{host}:{port}/{name}"


def _admin(sql: str) -> None:
    """CREATE/DROP DATABASE need their own autocommit connection."""
    import psycopg2

    s = connection.settings_dict
    conn = psycopg2.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        dbname="postgres",
    )
    conn.autocommit = True
    try:
        conn.cursor().execute(sql)
    finally:
        conn.close()


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="PostgreSQL tools missing")
def test_dump_restore_gives_the_same_rows_and_scores(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the drill is for PostgreSQL")
    import psycopg2

    source = _url(connection.settings_dict["NAME"])
    scratch = f"scratch_{uuid.uuid4().hex[:8]}"
    path = str(tmp_path / "backup.dump")
    backup.dump(source, path)
    _admin(f'CREATE DATABASE "{scratch}"')
    try:
        backup.restore(path, _url(scratch))
        fingerprint = backup.fingerprint(_url(scratch))
        assert "sha256:performance_observation" in fingerprint
        assert backup.compare(source, _url(scratch)) == []
        # The check can fail: a restore missing a row is noticed.
        s = connection.settings_dict
        conn = psycopg2.connect(
            host=s["HOST"] or "127.0.0.1",
            port=s["PORT"] or 5432,
            user=s["USER"],
            dbname=scratch,
        )
        conn.autocommit = True
        conn.cursor().execute(
            "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)"
        )
        conn.close()
        assert any(
            p.startswith("django_migrations:")
            for p in backup.compare(source, _url(scratch))
        )
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
