"""The load generator: locust's FastHttpUser driven as a library, headless, in
its own process: `python -m bench.load plan.json result.json`.

One process runs every target in turn, in rounds (floor-auth, page 1, page 2,
..., then again), switching the target all simulated users replay. Machine
drift during a run therefore hits floors and pages alike, instead of favouring
whichever ran first. Only requests that start and finish inside a target's
window count (the first `settle` seconds of each window are dropped).
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, task  # noqa: E402
from locust.env import Environment  # noqa: E402

PLAN = json.load(open(sys.argv[1], encoding="utf-8"))
CURRENT = {"spec": None}
SAMPLES: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
IN_FLIGHT: Counter = Counter()
ERRORS: dict[str, Counter] = defaultdict(Counter)
EXHAUSTED: set[str] = set()  # single-use targets that ran out of requests


class BenchUser(FastHttpUser):
    host = PLAN["host"]
    connection_timeout = 60.0
    network_timeout = 60.0

    def wait_time(self):
        think = PLAN.get("think", 0)
        return random.uniform(0.5 * think, 1.5 * think) if think else 0

    @task
    def replay(self):
        spec = CURRENT["spec"]
        if spec is None:
            gevent.sleep(0.05)
            return
        if spec.get("single_use"):
            if not spec["requests"]:  # never resend a used one
                EXHAUSTED.add(spec["name"])
                gevent.sleep(0.05)
                return
            r = spec["requests"].pop()
        else:
            r = random.choice(spec["requests"])
        self.client.cookiejar.clear()  # one identity per request
        IN_FLIGHT[spec["name"]] += 1
        started = time.perf_counter()
        status = -1  # the request raised (see ERRORS)
        try:
            with self.client.request(
                r["method"],
                r["path"],
                headers=r["headers"],
                data=r.get("body"),
                allow_redirects=False,
                catch_response=True,
            ) as response:
                status = response.status_code or 0
                response.success()
        except Exception as exc:  # counted as a failure, not lost
            ERRORS[spec["name"]][f"{type(exc).__name__}: {exc}"[:120]] += 1
        finally:
            IN_FLIGHT[spec["name"]] -= 1
        SAMPLES[spec["name"]].append((started, time.perf_counter(), status))


def percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return 0.0
    k = max(0, min(len(sorted_ms) - 1, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[k]


def summarise(spec: dict, windows: list[tuple[float, float]]) -> dict:
    """Completions inside the windows: in a closed loop their rate is the
    throughput (requests still in flight at a window's end are not lost, they
    complete in the next window of the same target... or not at all, equally
    for every target)."""
    expect = set(spec["expect"])
    samples = SAMPLES[spec["name"]]
    latencies, statuses, per_window = [], Counter(), []
    for start, end in windows:
        inside = [s for s in samples if start <= s[1] <= end]
        per_window.append(len(inside) / (end - start))
        for t0, t1, status in inside:
            latencies.append((t1 - t0) * 1000)
            statuses[status] += 1
    latencies.sort()
    seconds = sum(end - start for start, end in windows)
    failures = sum(n for status, n in statuses.items() if status not in expect)
    result = {
        "requests": len(latencies),
        "failures": failures,
        "seconds": round(seconds, 2),
        "rps": len(latencies) / seconds if seconds else 0.0,
        "rps_rounds": [round(x, 1) for x in per_window],
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "statuses": {str(k): v for k, v in statuses.items()},
    }
    if ERRORS[spec["name"]]:
        result["exceptions"] = dict(ERRORS[spec["name"]].most_common(3))
    if spec["name"] in EXHAUSTED:
        result["error"] = (
            f"ran out of prepared single-use requests ({len(latencies)} in the"
            f" measured windows, {len(samples)} in all); raise SINGLE_USE_RPS in"
            " bench/http.py"
        )
    elif not latencies or failures > 0.01 * len(latencies):
        result["error"] = (
            f"{failures} of {len(latencies)} requests failed: {dict(statuses)}"
        )
    return result


def main() -> None:
    env = Environment(user_classes=[BenchUser])
    runner = env.create_local_runner()
    runner.start(PLAN["users"], spawn_rate=PLAN["users"])
    gevent.sleep(1)
    specs = PLAN["specs"]
    windows: dict[str, list] = {s["name"]: [] for s in specs}
    warm: dict[str, list] = {s["name"]: [] for s in specs}

    def window(spec, seconds, into):
        previous, CURRENT["spec"] = CURRENT["spec"], spec
        # The previous target's requests still in flight would compete with
        # this one's: let them finish, then settle.
        # (Not when it is the same target: a latency pass has only one, and
        # with think time its in-flight count may seldom reach zero.)
        while previous and previous is not spec and IN_FLIGHT[previous["name"]] > 0:
            gevent.sleep(0.01)
        gevent.sleep(PLAN["settle"])
        start = time.perf_counter()
        gevent.sleep(seconds)
        into[spec["name"]].append((start, time.perf_counter()))

    # Warm-up: every worker imports, compiles templates and fills caches
    # for each target; a target failing here is reported and left out.
    broken = {}
    for spec in specs:
        window(spec, PLAN["warmup"], warm)
        while IN_FLIGHT[spec["name"]] > 0 and not SAMPLES[spec["name"]]:
            gevent.sleep(0.05)  # a slow page: wait for its first answers
        warm[spec["name"]] = [(0.0, time.perf_counter())]
        check = summarise(spec, warm[spec["name"]])
        if "error" in check:
            broken[spec["name"]] = {"error": "warm-up: " + check["error"]}
    SAMPLES.clear()
    for _ in range(PLAN["rounds"]):
        for spec in specs:
            if spec["name"] not in broken:
                window(spec, PLAN["slice"], windows)
    CURRENT["spec"] = None
    runner.quit()
    results = {
        s["name"]: broken.get(s["name"]) or summarise(s, windows[s["name"]])
        for s in specs
    }
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
