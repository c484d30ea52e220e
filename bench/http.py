"""HTTP load: gunicorn (production settings, 2 workers) on 127.0.0.1 and
locust, headless and bounded in time, one target after another."""

import json
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import NoReverseMatch, reverse

from bench.env import ROOT
from bench.scale import Scale
from bench.targets import Target

WORKERS = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def collectstatic(environ: dict, log) -> None:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environ,
        check=True,
    )
    log(f"  collectstatic: {time.perf_counter() - started:.1f}s")


@contextmanager
def gunicorn(environ: dict, workdir: Path):
    port = _free_port()
    log_file = open(workdir / "gunicorn.log", "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--backlog=2048",
            "--timeout=120",
        ],
        cwd=ROOT,
        env=environ,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {workdir / 'gunicorn.log'}")
            try:
                urllib.request.urlopen(base + "/bench/floor/", timeout=10).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer within 60s")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()


class Sessions:
    """Signed-in sessions written straight to the session table (logging in
    through the form 300 times would only measure the password hasher)."""

    def __init__(self):
        self._cookies: dict[int, str] = {}

    def cookie(self, user_id: int) -> str:
        if user_id not in self._cookies:
            from people.models import User

            user = User.objects.get(pk=user_id)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            csrf = secrets.token_urlsafe(24)[:32]
            self._cookies[user_id] = (
                f"sessionid={session.session_key}; csrftoken={csrf}"
            )
        return self._cookies[user_id]


def users_with_role(role: str, limit: int) -> list[int]:
    """Active users holding `role`, spread over the whole organisation."""
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT u.id FROM people_user u
            JOIN people_user_groups ug ON ug.user_id = u.id
            JOIN auth_group g ON g.id = ug.group_id
            JOIN people_employee e ON e.user_id = u.id
            WHERE g.name = %s AND u.is_active AND e.status = 'active'
            ORDER BY md5(u.id::text) LIMIT %s
            """,
            [role, limit],
        )
        return [row[0] for row in cur.fetchall()]


def build_spec(target: Target, scale: Scale, sessions: Sessions) -> dict | str:
    """The requests locust replays, or why the target cannot run yet."""
    users = users_with_role(target.role, scale.pool) if target.role else [None]
    if not users:
        return f"no users with role {target.role} in the bench data"
    requests = []
    for uid in users:
        try:
            path = target.url(uid) if callable(target.url) else reverse(target.url)
        except NoReverseMatch as exc:
            return f"URL not on main yet ({exc})"
        headers = {"Accept-Language": "zh-hans"}
        if uid is not None:
            headers["Cookie"] = sessions.cookie(uid)
        request = {"method": target.method, "path": path, "headers": headers}
        if target.data is not None:
            csrf = headers["Cookie"].split("csrftoken=")[1]
            headers["X-CSRFToken"] = csrf
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            from urllib.parse import urlencode

            request["body"] = urlencode(target.data(uid), doseq=True)
        requests.append(request)
    return {"name": target.name, "expect": list(target.expect), "requests": requests}


def run_plan(
    base: str,
    specs: list[dict],
    workdir: Path,
    *,
    label: str,
    users: int,
    rounds: int,
    seconds: float,
    think: float = 0.0,
) -> dict[str, dict]:
    """Load every spec in `rounds` interleaved windows (bench/load.py) for
    `seconds` in all per spec; return {name: result}."""
    plan = {
        "host": base,
        "users": users,
        "think": think,
        "rounds": rounds,
        "slice": seconds / rounds,
        "settle": 0.3,
        "warmup": 1.5,
        "specs": specs,
    }
    plan_path = workdir / f"plan-{label}.json"
    out_path = workdir / f"result-{label}.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    with open(workdir / f"load-{label}.log", "w") as log_file:
        subprocess.run(
            [sys.executable, "-m", "bench.load", str(plan_path), str(out_path)],
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            check=True,
        )
    results = json.loads(out_path.read_text(encoding="utf-8"))
    for result in results.values():
        result.update(users=users, think=think)
    return results
