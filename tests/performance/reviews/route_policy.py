"""Route policy of the review pages (merged into tests/performance/route_policy)."""

from tests.route_policy_base import (
    DENIED,
    HIDDEN,
    LOGIN,
    NOT_ALLOWED,
    OK,
    UNAUTHENTICATED,
    Route,
    everyone,
    only,
    owner_record,
)


def _published(ctx):
    """A published cycle of ctx.staff's store with a result and a dispute."""
    cached = getattr(ctx, "_review_cycle", None)
    if cached is not None:
        return cached
    import datetime as dt

    from performance.reviews import services
    from tests.performance.reviews.conftest import END, START, make_scheme, observe

    scheme = make_scheme(code="policy", by=ctx.hr.user)
    observe(ctx.staff, "mystery_shopper", 80)
    cycle = services.cycle_open(
        scheme=scheme,
        name="policy",
        period_start=START,
        period_end=END,
        stores=[ctx.staff.store],
        by=ctx.hr.user,
    )
    services.cycle_compute(cycle=cycle, by=ctx.hr.user)
    services.cycle_calibrate(cycle=cycle, by=ctx.hr.user)
    services.cycle_publish(cycle=cycle, by=ctx.hr.user, today=dt.date.today())
    result = cycle.results.get(employee=ctx.staff)
    dispute = services.dispute_raise(
        component=result.components.first(), comment="policy", by=ctx.staff.user
    )
    ctx._review_cycle = (cycle, result, dispute)
    return ctx._review_cycle


def _locked(ctx):
    cycle, result, dispute = _published(ctx)
    from performance.reviews import services

    if not cycle.is_frozen:
        services.dispute_decide(
            dispute=dispute, decision="rejected", reason="policy", by=ctx.hr.user
        )
        services.cycle_close_appeals(cycle=cycle, by=ctx.hr.user)
        services.cycle_lock(cycle=cycle, by=ctx.hr.user)
    return cycle


def _cycle(ctx):
    return {"pk": _published(ctx)[0].pk}


ROUTES: dict = {
    "performance:review_home": everyone(),
    "performance:review_scheme_list": only("hr"),
    "performance:review_scheme_create": only("hr"),
    "performance:review_scheme_edit": only(
        "hr", kwargs=lambda ctx: {"pk": _published(ctx)[0].scheme_id}
    ),
    "performance:review_cycle_list": only("hr"),
    "performance:review_cycle_open": only("hr"),
    "performance:review_cycle": only("hr", kwargs=_cycle),
    "performance:review_cycle_status": only("hr", kwargs=_cycle),
    "performance:review_calibration": only("hr", kwargs=_cycle),
    "performance:review_team": only("manager", "hr", kwargs=_cycle),
    # POST-only (tested in tests/performance/reviews/test_pages.py).
    "performance:review_cycle_action": everyone(
        NOT_ALLOWED, anonymous=NOT_ALLOWED, kwargs=_cycle
    ),
    "performance:review_adjust": everyone(
        NOT_ALLOWED,
        anonymous=NOT_ALLOWED,
        kwargs=lambda ctx: {"pk": _published(ctx)[1].pk},
    ),
    "performance:review_dispute_raise": everyone(
        NOT_ALLOWED,
        anonymous=NOT_ALLOWED,
        kwargs=lambda ctx: {"pk": _published(ctx)[1].pk},
    ),
    "performance:review_result": owner_record(
        kwargs=lambda ctx: {"pk": _published(ctx)[1].pk}
    ),
    "performance:review_dispute_list": only("manager", "hr"),
    "performance:review_dispute": Route(
        LOGIN,
        DENIED,
        DENIED,
        OK,
        DENIED,
        OK,
        lambda ctx: {"pk": _published(ctx)[2].pk},
    ),
    "performance:review_export": only(
        "hr", kwargs=lambda ctx: {"pk": _locked(ctx).pk, "fmt": "xlsx"}
    ),
    "performance:review_history": only("hr", kwargs=lambda ctx: {"pk": ctx.staff.pk}),
}


def _api_hr(kwargs=None) -> Route:
    return Route(UNAUTHENTICATED, DENIED, DENIED, DENIED, DENIED, OK, kwargs)


def _api_post_only_hr(kwargs) -> Route:
    return Route(UNAUTHENTICATED, DENIED, DENIED, DENIED, DENIED, NOT_ALLOWED, kwargs)


_api_cycle = _cycle


ROUTES.update(
    {
        "review-scheme-list": _api_hr(),
        "review-scheme-detail": _api_hr(
            lambda ctx: {"pk": _published(ctx)[0].scheme_id}
        ),
        "review-cycle-list": _api_hr(),
        "review-cycle-detail": _api_hr(_api_cycle),
        "review-cycle-status": _api_hr(_api_cycle),
        "review-cycle-export": _api_hr(lambda ctx: {"pk": _locked(ctx).pk}),
        "review-cycle-compute": _api_post_only_hr(_api_cycle),
        "review-cycle-lock": _api_post_only_hr(_api_cycle),
        "review-result-list": everyone(OK, anonymous=UNAUTHENTICATED),
        # A published result of ctx.staff: the API answers 404 to others.
        "review-result-detail": Route(
            UNAUTHENTICATED,
            OK,
            HIDDEN,
            OK,
            HIDDEN,
            OK,
            lambda ctx: {"pk": _published(ctx)[1].pk},
        ),
        "review-adjustment-list": Route(
            UNAUTHENTICATED, DENIED, DENIED, OK, DENIED, OK
        ),
        "review-adjustment-detail": Route(
            UNAUTHENTICATED,
            DENIED,
            DENIED,
            HIDDEN,
            DENIED,
            HIDDEN,
            lambda ctx: {"pk": 999999},
        ),
        "review-dispute-list": everyone(OK, anonymous=UNAUTHENTICATED),
        "review-dispute-detail": Route(
            UNAUTHENTICATED,
            OK,
            HIDDEN,
            OK,
            HIDDEN,
            OK,
            lambda ctx: {"pk": _published(ctx)[2].pk},
        ),
        # POST-only (tested in tests/performance/reviews/test_api.py).
        "review-dispute-decide": Route(
            UNAUTHENTICATED,
            DENIED,
            DENIED,
            NOT_ALLOWED,
            DENIED,
            NOT_ALLOWED,
            lambda ctx: {"pk": _published(ctx)[2].pk},
        ),
    }
)
