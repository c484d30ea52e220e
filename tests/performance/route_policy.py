from tests.route_policy_base import everyone, only, owner_record  # noqa: F401

ROUTES: dict = {}
