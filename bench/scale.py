"""How big each run is. `full` is the size issue F9 asks for; `small` is the CI
smoke run, which must finish the whole bench in a few minutes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    employees: int
    stores: int
    regions: int
    courses: int
    lessons_per_course: int
    questions_per_quiz: int
    quiz_attempts: int
    roleplays: int
    days: int  # metric observations = employees x days
    survey_responses: int
    import_rows: int  # the metrics CSV the import job reads
    certificates: int  # PDFs rendered by the certificate job
    http_seconds: int  # measured seconds per HTTP target, over all rounds
    http_rounds: int  # interleaved rounds (floors and pages take turns)
    http_users: int  # concurrent simulated users (closed loop, no think time)
    pool: int  # distinct signed-in users whose requests are replayed per target

    @property
    def observations(self) -> int:
        return self.employees * self.days


SCALES = {
    "small": Scale(
        name="small",
        employees=400,
        stores=10,
        regions=2,
        courses=6,
        lessons_per_course=4,
        questions_per_quiz=10,
        quiz_attempts=5_000,
        roleplays=500,
        days=30,
        survey_responses=2_000,
        import_rows=20_000,
        certificates=100,
        http_seconds=4,
        http_rounds=2,
        http_users=16,
        pool=50,
    ),
    "full": Scale(
        name="full",
        employees=10_000,
        stores=200,
        regions=10,
        courses=60,
        lessons_per_course=8,
        questions_per_quiz=10,
        quiz_attempts=500_000,
        roleplays=20_000,
        days=365,
        survey_responses=100_000,
        import_rows=1_000_000,
        certificates=1_000,
        http_seconds=20,
        http_rounds=5,
        http_users=32,
        pool=300,
    ),
}
