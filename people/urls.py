from django.urls import path, re_path

from . import token_views, views

app_name = "people"
urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("notifications/", views.notifications, name="notifications"),
    path("offline/", views.offline, name="offline"),
    path("hr/", views.hr_home, name="hr_home"),
    path("hr/roster/", views.roster_upload, name="roster_upload"),
    re_path(
        r"^hr/roster/template\.(?P<kind>csv|xlsx)$",
        views.roster_template,
        name="roster_template",
    ),
    path("hr/employees/new/", views.employee_create, name="employee_create"),
    path("hr/employees/<int:pk>/", views.employee_detail, name="employee_detail"),
    path(
        "hr/employees/<int:pk>/personal-data.zip",
        views.employee_personal_data,
        name="employee_personal_data",
    ),
    path(
        "hr/employees/<int:pk>/anonymise/",
        views.employee_anonymise,
        name="employee_anonymise",
    ),
    path(
        "hr/employees/<int:pk>/history/",
        views.employee_history,
        name="employee_history",
    ),
    path("hr/api-tokens/", token_views.api_tokens, name="api_tokens"),
    path(
        "hr/api-tokens/<int:pk>/revoke/",
        token_views.api_token_revoke_view,
        name="api_token_revoke",
    ),
]
