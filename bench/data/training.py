"""Scale data for training: 500,000 quiz attempts with per-question responses
and 20,000 role-play assessments. Quiz attempts wait for training's quiz
models; role-play assessments (on main since 2026-11-23 08:00) are not
generated yet, see docs/benchmarks.md "What is left"."""

NEEDS = ("people", "courses")


def ready() -> str | None:
    return (
        "quiz attempts: models not on main yet; role-play assessments: not written yet"
    )


def generate(ctx) -> None:
    raise NotImplementedError
