"""Analytics routes, mounted under /performance/analytics/ by performance.urls."""

from django.urls import path

from . import views

urlpatterns = [
    path("analytics/quizzes/", views.quiz_list, name="analytics_quizzes"),
    path("analytics/quizzes/<int:pk>/", views.quiz_statistics, name="analytics_quiz"),
    path(
        "analytics/quizzes/<int:pk>/export.csv",
        views.quiz_statistics_export,
        name="analytics_quiz_export",
    ),
    path("analytics/courses/", views.course_list, name="analytics_courses"),
    path(
        "analytics/courses/<int:pk>/effectiveness/",
        views.course_effectiveness,
        name="analytics_effectiveness",
    ),
]
