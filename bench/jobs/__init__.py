"""Batch jobs, each timed in its own subprocess against a floor doing the same
work the plainest way PostgreSQL can, also in its own subprocess.

A job module has `ready() -> str | None`, `prepare(ctx) -> dict` (run in the
harness: write input files, pick ids), `run(args) -> dict` and optionally
`floor(args) -> dict`, each returning at least {"seconds": float}. Peak memory is
the subprocess's maximum resident set (os.wait4), so one job's memory never masks
another's.
"""

import importlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.env import ROOT


@dataclass(frozen=True)
class Job:
    name: str
    module: str  # bench.jobs.<module>
    # "speed": floor seconds / job seconds, goal is a minimum;
    # "time": job seconds / floor seconds, goal is a maximum; None: no floor.
    ratio: str | None = None
    goal: float | None = None
    rate_unit: str = ""  # if set, report units/second under this name


MEMORY_GOAL_MIB = 1024

JOBS = [
    Job(
        "metrics-import", "metrics_import", ratio="speed", goal=0.5, rate_unit="rows/s"
    ),
    Job("quarter-aggregate", "quarter_aggregate", ratio="time", goal=3.0),
    Job("certificates", "certificates", ratio="speed", rate_unit="PDFs/s"),
    Job("survey-observations", "survey_observations", ratio="time", goal=3.0),
    Job("review-cycle", "review_cycle", ratio="time", goal=3.0),
]


def load(job: Job):
    return importlib.import_module(f"bench.jobs.{job.module}")


def run_in_subprocess(job: Job, phase: str, args: dict, workdir: Path) -> dict:
    """Run `phase` ("run" or "floor") of a job in a fresh interpreter; return its
    result plus peak RSS in MiB."""
    args_path = workdir / f"job-{job.module}-{phase}.json"
    args_path.write_text(json.dumps(args), encoding="utf-8")
    out_path = workdir / f"job-{job.module}-{phase}.out"
    with open(out_path, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.jobs", job.module, phase, str(args_path)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = out_path.read_text().strip().splitlines()
    if process.returncode != 0 or not lines:
        tail = " | ".join(lines[-5:])
        return {"error": f"{phase} exited {process.returncode}: {tail}"}
    result = json.loads(lines[-1])
    result["peak_mib"] = round(usage.ru_maxrss / 1024, 1)  # Linux: KiB
    return result
