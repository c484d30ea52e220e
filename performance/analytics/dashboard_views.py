"""Dashboards by role and their CSV exports, through the same role check:
HR (everyone), a manager (their team)."""

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from people.permissions import mfa_enforced, role_required
from people.roles import Role
from people.tabular import csv_download

from ..permissions import hr_only
from . import dashboards, selectors
from .views import _cached


def manager_only(view):
    return role_required(Role.MANAGER)(mfa_enforced(view))


def _hr_cycle_url(cycle):
    return reverse("performance:review_cycle", args=[cycle.pk])


def _team_cycle_url(cycle):
    return reverse("performance:review_team", args=[cycle.pk])


SCOPES = {
    "hr": {
        "title": lambda: _("HR dashboard"),
        "export": "performance:analytics_dashboard_hr_export",
        "cycle_url": _hr_cycle_url,
        "filename": "hr-dashboard.csv",
        "chart_label": lambda: _(
            "Required enrolments by status; the same figures are in the table below"
        ),
    },
    "team": {
        "title": lambda: _("Team dashboard"),
        "export": "performance:analytics_dashboard_team_export",
        "cycle_url": _team_cycle_url,
        "filename": "team-dashboard.csv",
        "chart_label": lambda: _(
            "Required enrolments by status; the same figures are in the table below"
        ),
    },
    "trainer": {
        "title": lambda: _("Trainer dashboard"),
        "export": "performance:analytics_dashboard_trainer_export",
        "filename": "trainer-dashboard.csv",
        "chart_label": lambda: _(
            "Enrolments and completions by course; the same figures are in the "
            "table below"
        ),
    },
}


def _page(request, scope: str):
    conf = SCOPES[scope]
    board = dashboards.dashboard(request.user, scope=scope, cycle_url=conf["cycle_url"])
    return _render(request, scope, board)


def _render(request, scope: str, board):
    conf = SCOPES[scope]
    return render(
        request,
        "performance/analytics/dashboard.html",
        {
            "board": board,
            "title": conf["title"](),
            "scope": scope,
            "export_url": reverse(conf["export"]),
            "chart_label": conf["chart_label"](),
        },
    )


def csv_response(tables, filename: str) -> StreamingHttpResponse:
    """Every table of a dashboard, one after another (title, header, rows,
    a blank line), UTF-8 with a BOM so spreadsheet programs read Chinese."""

    def rows():
        for table in tables:
            yield [table.title]
            yield table.header
            yield from table.rows
            yield []

    return csv_download(rows(), filename)


def _export(request, scope: str):
    conf = SCOPES[scope]
    board = dashboards.dashboard(request.user, scope=scope)
    return csv_response(board.tables, conf["filename"])


@hr_only
def hr_dashboard(request):
    return _page(request, "hr")


@hr_only
def hr_dashboard_export(request):
    return _export(request, "hr")


@manager_only
def team_dashboard(request):
    return _page(request, "team")


@manager_only
def team_dashboard_export(request):
    return _export(request, "team")


def trainer_only(view):
    return role_required(Role.TRAINER)(mfa_enforced(view))


def _quiz_report(quiz):
    """The quiz statistics report, shared with its page's cache."""
    return _cached(f"quiz:{quiz.pk}", lambda: selectors.quiz_report(quiz))[0]


def _trainer_board(request):
    return dashboards.trainer_dashboard(request.user, report_for=_quiz_report)


@trainer_only
def trainer_dashboard(request):
    return _render(request, "trainer", _trainer_board(request))


@trainer_only
def trainer_dashboard_export(request):
    return csv_response(_trainer_board(request).tables, SCOPES["trainer"]["filename"])
