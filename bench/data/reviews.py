"""A review scheme of ten components over the bench's employees: the three
training kinds (required courses on time, quiz grade, role-play score) and
the seven employee-level built-in metrics, half against their targets and
half as percentiles among peers of the same position, with a minimum tenure
gate and a forced-distribution cap on the top tier. A handful of rows,
saved through performance.reviews.services like HR's form does; the cycle
itself is opened by the review-cycle job."""

from decimal import Decimal

from . import Context, has_models

NEEDS = ("people", "training", "performance")
SCHEME_CODE = "bench"
METRICS = (
    "csat",
    "fcr",
    "aht",
    "qa_score",
    "mystery_shopper",
    "complaints",
    "complaint_rate",
)


def ready() -> str | None:
    why = has_models("performance.ReviewScheme", "performance.ReviewCycle")
    if why:
        return why
    from performance.reviews import services

    if not hasattr(services, "cycle_compute"):
        return "performance.reviews.services.cycle_compute not on main yet"
    return None


def generate(ctx: Context) -> None:
    from performance.models import Metric, ReviewScheme, SchemeComponent, SchemeTier
    from performance.reviews import services

    Kind, Norm = SchemeComponent.Kind, SchemeComponent.Normalisation
    metrics = {m.code: m for m in Metric.objects.filter(code__in=METRICS)}
    components = [
        SchemeComponent(key="courses", kind=Kind.COURSES_ON_TIME, weight=Decimal(10)),
        SchemeComponent(key="quiz", kind=Kind.QUIZ_GRADE, weight=Decimal(15)),
        SchemeComponent(
            key="roleplay",
            kind=Kind.ROLEPLAY,
            weight=Decimal(15),
            normalisation=Norm.PERCENTILE,
        ),
    ]
    weights = [10, 10, 10, 10, 10, 5, 5]
    for i, (code, weight) in enumerate(zip(METRICS, weights, strict=True)):
        components.append(
            SchemeComponent(
                key=code,
                kind=Kind.METRIC,
                metric=metrics[code],
                weight=Decimal(weight),
                normalisation=Norm.PERCENTILE if i % 2 else Norm.TARGET,
                # The bench's month of observations is thinner than a real
                # quarter's: count every metric, as a full population would.
                min_sample=1,
            )
        )
    tiers = [
        SchemeTier(
            code="c", name="C", name_en="C", min_score=Decimal(0), multiplier=Decimal(0)
        ),
        SchemeTier(
            code="b",
            name="B",
            name_en="B",
            min_score=Decimal(60),
            multiplier=Decimal(1),
        ),
        SchemeTier(
            code="a",
            name="A",
            name_en="A",
            min_score=Decimal(80),
            multiplier=Decimal("1.5"),
            max_share=Decimal(20),
        ),
    ]
    scheme = services.scheme_save(
        scheme=ReviewScheme(
            code=SCHEME_CODE,
            name="基准考核方案",
            name_en="Bench review scheme",
            base_amount=Decimal(1000),
            max_adjustment=Decimal(5),
            min_tenure_days=90,
        ),
        components=components,
        tiers=tiers,
        by=None,
    )
    ctx.facts["review_scheme"] = scheme.pk
