from django.urls import path

from . import views

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
]
