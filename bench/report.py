"""The results table (stdout), bench/results/latest.json, and a Markdown copy
of the table for docs/benchmarks.md."""

import json
from pathlib import Path


def _fmt(value, spec="{:.0f}"):
    return "" if value is None else spec.format(value)


def http_rows(results: dict) -> list[list[str]]:
    rows = []
    for t in results["http"]:
        if "error" in t:
            rows.append([t["name"], "", "", "", "", "", "", "ERROR: " + t["error"]])
            continue
        goal = t.get("goal")
        ratio = t.get("ratio")
        verdict = ""
        if goal is not None and ratio is not None:
            verdict = f"{'met' if ratio >= goal else 'MISSED'} (≥ {goal})"
        if t.get("latency_goal_ms") is not None:
            ok = t["p95"] < t["latency_goal_ms"]
            verdict = f"p95 {'met' if ok else 'MISSED'} (< {t['latency_goal_ms']} ms)"
        rows.append(
            [
                t["name"],
                t.get("role") or "anonymous",
                _fmt(t["rps"], "{:.1f}"),
                _fmt(t["p50"]),
                _fmt(t["p95"]),
                _fmt(t["p99"]),
                _fmt(ratio, "{:.2f}"),
                verdict,
            ]
        )
    return rows


HTTP_HEADER = [
    "target",
    "as",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "÷ floor-auth",
    "goal",
]
JOB_HEADER = ["job", "seconds", "floor s", "ratio", "rate", "peak MiB", "goal"]


def job_rows(results: dict) -> list[list[str]]:
    rows = []
    for j in results["jobs"]:
        if "error" in j:
            rows.append([j["name"], "", "", "", "", "", "ERROR: " + j["error"]])
            continue
        verdicts = []
        if j.get("goal") is not None and j.get("ratio") is not None:
            ok = (
                j["ratio"] >= j["goal"]
                if j["kind"] == "speed"
                else j["ratio"] <= j["goal"]
            )
            sign = "≥" if j["kind"] == "speed" else "≤"
            verdicts.append(f"{'met' if ok else 'MISSED'} ({sign} {j['goal']})")
        mem_ok = j["peak_mib"] < j["memory_goal_mib"]
        verdicts.append(f"mem {'met' if mem_ok else 'MISSED'}")
        rows.append(
            [
                j["name"],
                _fmt(j["seconds"], "{:.2f}"),
                _fmt(j.get("floor_seconds"), "{:.2f}"),
                _fmt(j.get("ratio"), "{:.2f}"),
                j.get("rate", ""),
                _fmt(j["peak_mib"]),
                "; ".join(verdicts),
            ]
        )
    return rows


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*header), line.format(*("-" * w for w in widths))]
    out += [line.format(*r) for r in rows]
    return "\n".join(out)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def render(results: dict, markdown: bool = False) -> str:
    table = markdown_table if markdown else text_table
    parts = []
    if results["http"]:
        parts.append(table(HTTP_HEADER, http_rows(results)))
    if results["jobs"]:
        parts.append(table(JOB_HEADER, job_rows(results)))
    details = [
        f"{j['name']} phases (s): "
        + ", ".join(f"{k} {v:.1f}" for k, v in j["phases"].items())
        for j in results["jobs"]
        if j.get("phases")
    ]
    if details:
        parts.append("\n".join(details))
    if results["skipped"]:
        lines = [f"- {name}: {why}" for name, why in results["skipped"].items()]
        parts.append("Skipped:\n" + "\n".join(lines))
    m = results["machine"]
    parts.append(
        f"{results['date']} · scale {results['scale']} · {m['nproc']} cores, "
        f"{m['memory_gib']} GiB, PostgreSQL {m['postgresql']}, "
        f"floor-auth {results.get('floor_auth_rps', 0):.1f} req/s "
        f"(rounds: {', '.join(f'{x:.0f}' for x in results.get('floor_auth_runs', []))})"
    )
    return "\n\n".join(parts)


def write(results: dict, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "latest.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    (directory / "latest.md").write_text(render(results, markdown=True) + "\n")
    return path


if __name__ == "__main__":  # re-print the last run: python -m bench.report [--md]
    import sys

    here = Path(__file__).resolve().parent / "results" / "latest.json"
    print(render(json.loads(here.read_text()), markdown="--md" in sys.argv))
