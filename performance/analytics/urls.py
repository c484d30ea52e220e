"""Analytics routes, mounted under /performance/analytics/ by performance.urls."""

from django.urls import path

from . import skill_views, views

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
    path("analytics/skills/", skill_views.skill_matrix, name="analytics_skills"),
    path(
        "analytics/skills/export.xlsx",
        skill_views.skill_matrix_export,
        name="analytics_skills_export",
    ),
    path(
        "analytics/skills/<int:pk>/<int:area>/",
        skill_views.skill_cell,
        name="analytics_skill_cell",
    ),
    path(
        "analytics/skills/<int:pk>/<int:area>/assign/",
        skill_views.skill_assign,
        name="analytics_skill_assign",
    ),
]
