from tests.route_policy_base import everyone, only, owner_record  # noqa: F401
from tests.training.roleplay_routes import ROUTES as ROLEPLAY_ROUTES

ROUTES: dict = {}
ROUTES.update(ROLEPLAY_ROUTES)
