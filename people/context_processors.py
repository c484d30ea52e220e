from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role, roles_of
from .selectors import unread_count

# (label, url name, roles that see it); a section appears once its app has it.
NAV = [
    (_("My learning"), "training:dashboard", None),
    (_("Role-plays"), "training:roleplay_list", None),
    (_("My team"), "training:team", {Role.MANAGER, Role.HR}),
    (_("Authoring"), "wagtailadmin_home", {Role.TRAINER, Role.HR}),
    (_("Performance"), "performance:my_record", None),
    (_("Performance records"), "performance:employee_list", {Role.MANAGER, Role.HR}),
    (_("Complaints"), "performance:complaint_list", None),
    (_("Audits"), "performance:audit_list", None),
    (_("Incentive reviews"), "performance:review_home", None),
    (_("Customer surveys"), "performance:survey_list", {Role.MANAGER, Role.HR}),
    (_("Skill matrix"), "performance:analytics_skills", {Role.MANAGER, Role.HR}),
    (_("HR dashboard"), "performance:analytics_dashboard_hr", {Role.HR}),
    (_("Team dashboard"), "performance:analytics_dashboard_team", {Role.MANAGER}),
    (
        _("Trainer dashboard"),
        "performance:analytics_dashboard_trainer",
        {Role.TRAINER},
    ),
    (
        _("Training effectiveness"),
        "performance:analytics_courses",
        {Role.TRAINER, Role.HR},
    ),
    (_("HR"), "people:hr_home", {Role.HR}),
]


@cache
def _nav_url(name: str, prefix: str, urlconf: str) -> str | None:
    # The URLconf does not change while the process runs: reverse once.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


# The layout's own links (base.html), reversed once per process rather than by
# {% url %} on every page.
LAYOUT_URLS = {
    "home": "home",
    "security": "mfa_index",
    "sign_in": "account_login",
    "sign_out": "account_logout",
    "set_language": "people:set_language",
    "notifications": "people:notifications",
    "service_worker": "service_worker",
    "manifest": "manifest",
}


def _layout_urls() -> dict:
    args = (get_script_prefix(), settings.ROOT_URLCONF)
    return {key: _nav_url(name, *args) for key, name in LAYOUT_URLS.items()}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "layout_urls": _layout_urls()}
    roles = roles_of(user)
    items = []
    for label, name, allowed in NAV:
        if allowed is not None and not roles & allowed:
            continue
        url = _nav_url(name, get_script_prefix(), settings.ROOT_URLCONF)
        if url is None:
            continue
        items.append({"label": label, "url": url, "active": False})
    # One entry is current: the longest URL the path starts with, so
    # /performance/me/ and /performance/complaints/ never light up together.
    current = max(
        (item for item in items if request.path.startswith(item["url"])),
        key=lambda item: len(item["url"]),
        default=None,
    )
    if current is not None:
        current["active"] = True
    return {
        "nav_items": items,
        "user_roles": roles,
        "layout_urls": _layout_urls(),
        "unread_notifications": unread_count(user),
    }
