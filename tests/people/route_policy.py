from tests.route_policy_base import NOT_ALLOWED, OK, UNAUTHENTICATED, everyone, only

ROUTES = {
    "home": everyone(OK),
    "people:notifications": everyone(OK),
    "people:offline": everyone(OK, anonymous=OK),
    "service_worker": everyone(OK, anonymous=OK),
    "manifest": everyone(OK, anonymous=OK),
    "people:set_language": everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED),
    "people:hr_home": only("hr"),
    "people:roster_upload": only("hr"),
    "people:roster_template": only("hr", kwargs=lambda ctx: {"kind": "xlsx"}),
    "people:employee_create": only("hr"),
    "people:employee_detail": only("hr", kwargs=lambda ctx: {"pk": ctx.staff.pk}),
    "people:employee_personal_data": only(
        "hr", kwargs=lambda ctx: {"pk": ctx.staff.pk}
    ),
    "people:employee_anonymise": everyone(
        NOT_ALLOWED, anonymous=NOT_ALLOWED, kwargs=lambda ctx: {"pk": ctx.staff.pk}
    ),
    "people:employee_history": only("hr", kwargs=lambda ctx: {"pk": ctx.staff.pk}),
    "people:api_tokens": only("hr"),
    "people:api_token_revoke": everyone(
        NOT_ALLOWED, anonymous=NOT_ALLOWED, kwargs=lambda ctx: {"pk": 1}
    ),
    # The API's own routes; each app lists its endpoints in its own policy file.
    "api-root": everyone(OK, anonymous=UNAUTHENTICATED),
    "api-schema": everyone(OK, anonymous=OK),
    "api-docs": everyone(OK, anonymous=OK),
}
