from tests.route_policy_base import OK, everyone, only, owner_record  # noqa: F401

ROUTES: dict = {
    "courses:search": everyone(OK),
}
