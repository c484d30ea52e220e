"""The bench's own database and the environment every bench process runs in:
production settings (DEBUG off) against a throwaway database derived from
DATABASE_URL, so the bench never touches the app's data."""

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/servicetrain"


def bench_database_url(app_url: str | None = None) -> str:
    """`<name>_bench` on the same server as DATABASE_URL."""
    url = urlsplit(app_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    if not url.scheme.startswith("postgres"):
        sys.exit(
            f"bench: DATABASE_URL must point at PostgreSQL (got {url.scheme}://);"
            " the bench creates and drops its own database on that server."
        )
    name = url.path.lstrip("/") or "servicetrain"
    if not name.endswith("_bench"):
        name += "_bench"
    return urlunsplit((url.scheme, url.netloc, "/" + name, url.query, ""))


def _maintenance_connection(db_url: str):
    url = urlsplit(db_url)
    conn = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
    )
    conn.autocommit = True
    return conn, url.path.lstrip("/")


def database_exists(db_url: str) -> bool:
    conn, name = _maintenance_connection(db_url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cur.fetchone() is not None
    conn.close()
    return found


def database_recreate(db_url: str) -> None:
    conn, name = _maintenance_connection(db_url)
    with conn.cursor() as cur:
        cur.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def database_drop(db_url: str) -> None:
    conn, name = _maintenance_connection(db_url)
    with conn.cursor() as cur:
        cur.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
    conn.close()


def bench_environ(db_url: str) -> dict[str, str]:
    """Production settings, plain HTTP on 127.0.0.1, floors mounted.

    Celery gets an in-memory broker: a web node only enqueues (its worker runs
    elsewhere), so requests pay for enqueueing but not for the task, and nothing
    leaks into a shared Redis. The cache is per-process memory unless
    BENCH_REDIS_URL names a Redis to use as production would."""
    environ = dict(os.environ)
    environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=db_url,
        SECRET_KEY=environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        BENCH_FLOORS="1",
        CELERY_BROKER_URL="memory://",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", ""),
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    # The secret must be the same in every bench process (sessions are signed).
    environ["BENCH_SECRET_KEY"] = environ["SECRET_KEY"]
    return environ
