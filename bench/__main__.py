"""`python -m bench --scale small|full`: build the bench database, generate the
scale data, load every HTTP target, time every job, print and save the results.
See bench/README.md."""

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.env import (
    ROOT,
    bench_database_url,
    bench_environ,
    database_drop,
    database_exists,
    database_recreate,
)
from bench.scale import SCALES

RESULTS = ROOT / "bench" / "results"


def log(message: str) -> None:
    print(message, flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated target/job names (floors always run)",
    )
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP targets")
    parser.add_argument("--no-jobs", action="store_true", help="skip the jobs")
    parser.add_argument(
        "--seconds",
        type=int,
        help="measured seconds per HTTP target (default: by scale)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the bench database and the work directory (logs, CSV) afterwards",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse a kept bench database of the same scale (skips generation)",
    )
    return parser.parse_args(argv)


def machine(cursor) -> dict:
    meminfo = Path("/proc/meminfo").read_text().split()
    mem_kib = int(meminfo[meminfo.index("MemTotal:") + 1])
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cursor.execute("SHOW server_version")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "postgresql": cursor.fetchone()[0].split()[0],
        "python": platform.python_version(),
        "commit": commit,
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    scale = SCALES[args.scale]
    only = {n.strip() for n in args.only.split(",") if n.strip()}
    db_url = bench_database_url()
    os.environ.update(bench_environ(db_url))
    started = time.perf_counter()
    log(f"bench: scale {scale.name}, database {db_url.rsplit('/', 1)[1]}")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from bench import data, http, jobs, report, targets

    reuse = args.reuse and database_exists(db_url) and _stored_scale() == scale.name
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    ctx = data.Context(scale=scale, workdir=workdir)
    skipped: dict[str, str] = {}
    results = {"http": [], "jobs": [], "skipped": skipped, "scale": scale.name}
    try:
        if reuse:
            log("data: reusing the kept bench database")
        else:
            log("data:")
            database_recreate(db_url)
            t = time.perf_counter()
            call_command("migrate", verbosity=0)
            log(f"  migrate: {time.perf_counter() - t:.1f}s")
            for module, why in data.generate_all(ctx, log).items():
                skipped[f"data/{module}"] = why
            data.execute(
                "CREATE TABLE bench_meta (scale text); INSERT INTO bench_meta VALUES (%s)",
                [scale.name],
            )
        call_command("compile_translations", verbosity=0)
        with connection.cursor() as cur:
            results["machine"] = machine(cur)
        results["date"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

        if not args.no_http:
            _run_http(args, scale, only, results, workdir, http, targets)
        if not args.no_jobs:
            _run_jobs(only, ctx, results, workdir, jobs)
        for name, owner in targets.PLANNED.items():
            skipped.setdefault(name, f"page not on main yet: {owner}")
    finally:
        connections.close_all()
        if not args.keep:
            database_drop(db_url)
            shutil.rmtree(workdir, ignore_errors=True)
    path = report.write(results, RESULTS)
    log("")
    log(report.render(results))
    log(
        f"\nwritten to {path.relative_to(ROOT)} in {time.perf_counter() - started:.0f}s"
    )
    if args.keep:
        log(f"kept: database {db_url.rsplit('/', 1)[1]}, work directory {workdir}")
    return 1 if any("error" in r for r in results["http"] + results["jobs"]) else 0


def _stored_scale() -> str | None:
    from django.db import connection

    try:
        with connection.cursor() as cur:
            cur.execute("SELECT scale FROM bench_meta")
            return cur.fetchone()[0]
    except Exception:
        connection.close()
        return None


def _run_http(args, scale, only, results, workdir, http, targets) -> None:
    seconds = args.seconds or scale.http_seconds
    pages = [t for t in targets.PAGES if not only or t.name in only]
    log(
        f"http: 2 floors + {len(pages)} pages, {scale.http_users} users,"
        f" {seconds}s each in {scale.http_rounds} interleaved rounds"
    )
    http.collectstatic(dict(os.environ), log)
    sessions = http.Sessions()
    specs, by_name = [], {}
    for target in [*targets.FLOORS, *pages]:
        count = http.single_use_count(seconds, scale.http_rounds, scale.http_users, 0)
        spec = http.build_spec(target, scale, sessions, count=count)
        if isinstance(spec, str):
            results["skipped"][target.name] = spec
            log(f"  {target.name}: skipped ({spec})")
            continue
        specs.append(spec)
        by_name[target.name] = target
    with http.gunicorn(dict(os.environ), workdir) as base:
        measured = http.run_plan(
            base,
            specs,
            workdir,
            label="throughput",
            users=scale.http_users,
            rounds=scale.http_rounds,
            seconds=seconds,
        )
        # Latency goals are at a given number of concurrent users who think
        # between requests (about a second), not at saturation.
        for target in by_name.values():
            if target.latency is None:
                continue
            users, p95_goal = target.latency
            spec = next(s for s in specs if s["name"] == target.name)
            if target.single_use is not None:  # the first pass used its own
                count = http.single_use_count(seconds, 1, users, 1.0)
                spec = http.build_spec(target, scale, sessions, count=count)
                if isinstance(spec, str):
                    measured[f"{target.name}@{users}"] = {"error": spec}
                    continue
            lat = http.run_plan(
                base,
                [{**spec, "name": f"{target.name}@{users}"}],
                workdir,
                label=f"latency-{target.name}",
                users=users,
                rounds=1,
                seconds=seconds,
                think=1.0,
            )
            measured.update(
                {k: {**v, "latency_goal_ms": p95_goal} for k, v in lat.items()}
            )
    floor_auth = measured.get("floor-auth", {})
    base_rps = floor_auth.get("rps", 0.0)
    results["floor_auth_rps"] = base_rps
    results["floor_auth_runs"] = floor_auth.get("rps_rounds", [])
    for name, result in measured.items():
        target = by_name.get(name.split("@")[0])
        result.update(name=name, role=target.role if target else None)
        if "@" not in name:
            result["goal"] = target.goal
        if "rps" in result and base_rps:
            result["ratio"] = round(result["rps"] / base_rps, 3)
        results["http"].append(result)
        shown = result.get("error") or (
            f"{result['rps']:.1f} req/s, p95 {result['p95']:.0f} ms,"
            f" {result.get('ratio', 0):.2f} of floor-auth"
        )
        log(f"  {name}: {shown}")


def _run_jobs(only, ctx, results, workdir, jobs) -> None:
    selected = [j for j in jobs.JOBS if not only or j.name in only]
    log(f"jobs: {len(selected)}")
    for job in selected:
        module = jobs.load(job)
        why = module.ready()
        if why:
            results["skipped"][job.name] = why
            log(f"  {job.name}: skipped ({why})")
            continue
        job_args = module.prepare(ctx)
        result = jobs.run_in_subprocess(job, "run", job_args, workdir)
        entry = {
            "name": job.name,
            "kind": job.ratio,
            "goal": job.goal,
            "memory_goal_mib": jobs.MEMORY_GOAL_MIB,
            **result,
        }
        if "error" not in result and job.ratio and hasattr(module, "floor"):
            floor = jobs.run_in_subprocess(job, "floor", job_args, workdir)
            if "error" in floor:
                entry["error"] = "floor: " + floor["error"]
            else:
                entry["floor_seconds"] = floor["seconds"]
                entry["floor_peak_mib"] = floor["peak_mib"]
                if job.ratio == "speed":
                    entry["ratio"] = round(floor["seconds"] / result["seconds"], 3)
                else:
                    entry["ratio"] = round(result["seconds"] / floor["seconds"], 3)
        if "error" not in result and job.rate_unit:
            rate = result["units"] / result["seconds"]
            entry["rate"] = f"{rate:.1f} {job.rate_unit}"
        results["jobs"].append(entry)
        shown = entry.get("error") or (
            f"{entry['seconds']:.2f}s, ratio {entry.get('ratio', '-')}, "
            f"peak {entry['peak_mib']:.0f} MiB"
        )
        log(f"  {job.name}: {shown}")


if __name__ == "__main__":
    sys.exit(main())
