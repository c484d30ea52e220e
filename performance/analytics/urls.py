"""Analytics routes, mounted under /performance/analytics/ by performance.urls."""

from django.urls import path

from . import dashboard_views, skill_views, views

urlpatterns = [
    path(
        "analytics/dashboards/hr/",
        dashboard_views.hr_dashboard,
        name="analytics_dashboard_hr",
    ),
    path(
        "analytics/dashboards/hr/export.csv",
        dashboard_views.hr_dashboard_export,
        name="analytics_dashboard_hr_export",
    ),
    path(
        "analytics/dashboards/team/",
        dashboard_views.team_dashboard,
        name="analytics_dashboard_team",
    ),
    path(
        "analytics/dashboards/team/export.csv",
        dashboard_views.team_dashboard_export,
        name="analytics_dashboard_team_export",
    ),
    path(
        "analytics/dashboards/trainer/",
        dashboard_views.trainer_dashboard,
        name="analytics_dashboard_trainer",
    ),
    path(
        "analytics/dashboards/trainer/export.csv",
        dashboard_views.trainer_dashboard_export,
        name="analytics_dashboard_trainer_export",
    ),
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
