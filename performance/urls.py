from django.urls import path

from . import views
from .audits import views as audits
from .complaints import views as complaints
from .voice import views as voice

app_name = "performance"
urlpatterns = [
    path("me/", views.my_record, name="my_record"),
    path("employees/", views.employee_list, name="employee_list"),
    path("employees/<int:pk>/", views.employee_record_view, name="employee_record"),
    path("metrics/", views.metric_list, name="metric_list"),
    path("metrics/new/", views.metric_edit, name="metric_create"),
    path("metrics/<int:pk>/", views.metric_edit, name="metric_edit"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<uuid:pk>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:pk>/status/", views.import_status, name="import_status"),
    path("imports/<uuid:pk>/retry/", views.import_retry, name="import_retry"),
    path("imports/<uuid:pk>/errors.csv", views.import_errors, name="import_errors"),
    # Customer surveys: public answer pages (no sign-in), then staff pages.
    path("s/<str:code>/", voice.survey_answer, name="survey_answer"),
    path("s/<str:code>/done/", voice.survey_done, name="survey_done"),
    path("s/<str:code>/<str:key>/", voice.survey_answer, name="survey_answer_token"),
    path("surveys/", voice.survey_list, name="survey_list"),
    path("surveys/results/", voice.survey_results, name="survey_results"),
    path("surveys/rebuild/", voice.survey_rebuild, name="survey_rebuild"),
    path("surveys/new/", voice.survey_new, name="survey_new"),
    path("surveys/<int:pk>/", voice.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/open/", voice.survey_open, name="survey_open"),
    path(
        "surveys/<int:pk>/qr.<str:fmt>",
        voice.survey_qr,
        name="survey_qr",
    ),
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path(
        "complaints/customer-data/",
        complaints.customer_data,
        name="complaint_customer_data",
    ),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path(
        "complaints/<int:pk>/<slug:action>/",
        complaints.complaint_act,
        name="complaint_act",
    ),
    path("complaints/sla/", complaints.sla_settings, name="complaint_sla"),
    path(
        "complaints/sla/calendars/new/",
        complaints.calendar_edit,
        name="complaint_calendar_new",
    ),
    path(
        "complaints/sla/calendars/<int:pk>/",
        complaints.calendar_edit,
        name="complaint_calendar",
    ),
    path("complaints/rules/", complaints.refresher_rules, name="complaint_rules"),
    path("audits/", audits.audit_list, name="audit_list"),
    path("audits/new/", audits.audit_new, name="audit_new"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/dispute/", audits.audit_dispute, name="audit_dispute"),
    path("audits/<int:pk>/decide/", audits.audit_decide, name="audit_decide"),
    path("audits/files/<int:pk>/", audits.audit_file, name="audit_file"),
]

# F8 analytics (performance/analytics/)
from .analytics.urls import urlpatterns as _analytics  # noqa: E402

urlpatterns += _analytics

# F7 review cycles (performance/reviews/), at reviews/
from django.urls import include  # noqa: E402

urlpatterns += [path("reviews/", include("performance.reviews.urls"))]
