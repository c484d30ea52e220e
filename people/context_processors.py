from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role, roles_of

# (label, url name, roles that see it); a section appears once its app has it.
NAV = [
    (_("My learning"), "training:dashboard", None),
    (_("Role-plays"), "training:roleplay_list", None),
    (_("My team"), "training:team", {Role.MANAGER, Role.HR}),
    (_("Authoring"), "wagtailadmin_home", {Role.TRAINER, Role.HR}),
    (_("Performance"), "performance:my_record", None),
    (_("HR"), "people:hr_home", {Role.HR}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = roles_of(user)
    items = []
    for label, name, allowed in NAV:
        if allowed is not None and not roles & allowed:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {"label": label, "url": url, "active": request.path.startswith(url)}
        )
    return {"nav_items": items, "user_roles": roles}
