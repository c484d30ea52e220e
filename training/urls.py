from django.urls import include, path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("courses/<int:course_id>/", views.course, name="course"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/quiz/", views.quiz_start, name="quiz_start"),
    path("courses/<int:course_id>/pretest/", views.pretest_start, name="pretest_start"),
    path("courses/<int:course_id>/feedback/", views.feedback, name="feedback"),
    path("lessons/<int:lesson_id>/", views.lesson, name="lesson"),
    path("attempts/<int:attempt_id>/", views.attempt, name="attempt"),
    path("attempts/<int:attempt_id>/save/", views.attempt_save, name="attempt_save"),
    path(
        "attempts/<int:attempt_id>/submit/",
        views.attempt_submit,
        name="attempt_submit",
    ),
    path(
        "attempts/<int:attempt_id>/review/",
        views.attempt_review,
        name="attempt_review",
    ),
    path(
        "certificates/<int:certificate_id>/pdf/",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    path("verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path(
        "verify/<str:code>/revoke/", views.certificate_revoke, name="certificate_revoke"
    ),
    path("team/", views.team, name="team"),
    path("team/export.csv", views.team_export, name="team_export"),
    path("assign/", views.assign, name="assign"),
    path("roleplay/", include("training.roleplay.urls")),
]
