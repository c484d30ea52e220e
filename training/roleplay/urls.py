"""Included by training/urls.py at learning/roleplay/, in the training:
namespace (names prefixed roleplay_/calibration_)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.session_list, name="roleplay_list"),
    path("new/", views.session_schedule, name="roleplay_schedule"),
    path("request/<int:course_id>/", views.roleplay_request, name="roleplay_request"),
    path("<int:pk>/", views.session_detail, name="roleplay_session"),
    path("<int:pk>/recordings/", views.recording_upload, name="roleplay_upload"),
    path(
        "<int:pk>/score/<int:learner_pk>/",
        views.assessment_score,
        name="roleplay_score",
    ),
    path("recordings/<int:pk>/", views.recording_file, name="roleplay_recording"),
    path("assessments/<int:pk>/", views.assessment_detail, name="roleplay_assessment"),
    path(
        "assessments/<int:pk>/acknowledge/",
        views.assessment_acknowledge,
        name="roleplay_acknowledge",
    ),
    path(
        "assessments/<int:pk>/coaching/",
        views.coaching_create,
        name="roleplay_coaching",
    ),
    path("calibration/", views.calibration_list, name="calibration_list"),
    path("calibration/new/", views.calibration_create, name="calibration_create"),
    path("calibration/history/", views.calibration_history, name="calibration_history"),
    path("calibration/<int:pk>/", views.calibration_detail, name="calibration_detail"),
    path(
        "calibration/<int:pk>/recordings/",
        views.calibration_upload,
        name="calibration_upload",
    ),
    path(
        "calibration/<int:pk>/score/<int:recording_pk>/",
        views.calibration_score,
        name="calibration_score",
    ),
    path(
        "calibration/<int:pk>/report/",
        views.calibration_report,
        name="calibration_report",
    ),
]
