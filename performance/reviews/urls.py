"""Included by performance/urls.py at performance/reviews/ (performance: names)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="review_home"),
    path("schemes/", views.scheme_list, name="review_scheme_list"),
    path("schemes/new/", views.scheme_edit, name="review_scheme_create"),
    path("schemes/<int:pk>/", views.scheme_edit, name="review_scheme_edit"),
    path("cycles/", views.cycle_list, name="review_cycle_list"),
    path("cycles/new/", views.cycle_open, name="review_cycle_open"),
    path("cycles/<int:pk>/", views.cycle_detail, name="review_cycle"),
    path("cycles/<int:pk>/status/", views.cycle_status, name="review_cycle_status"),
    path("cycles/<int:pk>/step/", views.cycle_action, name="review_cycle_action"),
    path("cycles/<int:pk>/team/", views.cycle_team, name="review_team"),
    path(
        "cycles/<int:pk>/calibration/",
        views.cycle_calibration,
        name="review_calibration",
    ),
    path(
        "cycles/<int:pk>/payroll.<str:fmt>",
        views.cycle_export,
        name="review_export",
    ),
    path("results/<int:pk>/", views.result_detail, name="review_result"),
    path("results/<int:pk>/adjust/", views.result_adjust, name="review_adjust"),
    path(
        "results/<int:pk>/dispute/", views.result_dispute, name="review_dispute_raise"
    ),
    path("disputes/", views.dispute_list, name="review_dispute_list"),
    path("disputes/<int:pk>/", views.dispute_detail, name="review_dispute"),
    path(
        "employees/<int:pk>/history/",
        views.employee_history,
        name="review_history",
    ),
]
