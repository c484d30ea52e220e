"""HTTP load: gunicorn (production settings, 2 workers) on 127.0.0.1 and
locust, headless and bounded in time, one target after another."""

import json
import math
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
from urllib.parse import urlencode

from django.conf import settings
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
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            # Django accepts a 32-character alphanumeric secret as the cookie
            # (token_urlsafe's "-" and "_" would fail its format check).
            csrf = secrets.token_hex(16)
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


# Single-use requests (a quiz attempt is submitted once) are prepared before a
# pass, enough for this rate over the pass; running out fails the target
# loudly (bench/load.py) rather than resending a used one.
# 150: on a quiet machine quiz submit ran past 60 req/s (CI ran out at 60).
SINGLE_USE_RPS = 150.0


def single_use_count(seconds: float, rounds: int, users: int, think: float) -> int:
    """Requests a single-use target may send in one pass (with warm-up)."""
    window = seconds + 1.5 + rounds * 0.3 + 1.0
    rate = min(SINGLE_USE_RPS, users / (0.5 * think)) if think else SINGLE_USE_RPS
    return math.ceil(rate * window)


def _body(target: Target, data: dict) -> tuple[str, str]:
    if target.json:
        return "application/json", json.dumps(data)
    return "application/x-www-form-urlencoded", urlencode(data, doseq=True)


def build_spec(
    target: Target, scale: Scale, sessions: Sessions, *, count: int = 0
) -> dict | str:
    """The requests locust replays, or why the target cannot run yet. A
    single-use target gets `count` requests, each to be sent once."""
    if target.single_use is not None:
        return _single_use_spec(target, scale, sessions, count)
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
            headers["X-CSRFToken"] = headers["Cookie"].split("csrftoken=")[1]
            headers["Content-Type"], request["body"] = _body(target, target.data(uid))
        requests.append(request)
    return {"name": target.name, "expect": list(target.expect), "requests": requests}


def _single_use_spec(
    target: Target, scale: Scale, sessions: Sessions, count: int
) -> dict | str:
    """Round-robin over every user of the role (not only the pool: each
    request needs something of its own, e.g. an enrolment without an open
    attempt), until `count` requests are prepared."""
    users = users_with_role(target.role, 1_000_000)
    requests: list[dict] = []
    while len(requests) < count and users:
        left = []
        for uid in users:
            prepared = target.single_use(uid)
            if prepared is None:
                continue  # this user has nothing left to send
            left.append(uid)
            path, data = prepared
            cookie = sessions.cookie(uid)
            content_type, body = _body(target, data)
            requests.append(
                {
                    "method": target.method,
                    "path": path,
                    "headers": {
                        "Accept-Language": "zh-hans",
                        "Cookie": cookie,
                        "X-CSRFToken": cookie.split("csrftoken=")[1],
                        "Content-Type": content_type,
                    },
                    "body": body,
                }
            )
            if len(requests) == count:
                break
        users = left
    if len(requests) < count:
        return f"only {len(requests)} of {count} single-use requests could be prepared"
    return {
        "name": target.name,
        "expect": list(target.expect),
        "requests": requests,
        "single_use": True,
    }


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
