"""Skill matrix pages: HR sees everyone, managers their team (people.access);
a cell opens its dated evidence and, on a gap, the course to assign."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import CoursePage, SkillArea
from people.access import can_see_employee, employee_of, employees_visible_to
from people.models import Employee, Region, Store, Team
from people.models import Position as Positions
from people.permissions import mfa_enforced, role_required
from people.roles import Role
from training import services as training_services

from . import selectors

FILTERS = ("region", "store", "team", "position")


def manager_or_hr(view):
    return role_required(Role.MANAGER, Role.HR)(mfa_enforced(view))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filtered(request):
    qs = employees_visible_to(request.user, record="learning").filter(
        status=Employee.Status.ACTIVE
    )
    chosen = {}
    if (region := _int(request.GET.get("region"))) is not None:
        qs, chosen["region"] = qs.filter(store__region_id=region), region
    if (store := _int(request.GET.get("store"))) is not None:
        qs, chosen["store"] = qs.filter(store_id=store), store
    if (team := _int(request.GET.get("team"))) is not None:
        qs, chosen["team"] = qs.filter(team_id=team), team
    position = request.GET.get("position")
    if position in Positions.values:
        qs, chosen["position"] = qs.filter(position=position), position
    return qs, chosen


def _cells_shown(rows, query: str) -> list[tuple[Employee, list[dict]]]:
    """Each cell's link and spoken label made once here: a page holds 50
    people × every area, and the template then only prints them."""
    # Cell links are this page's path + "<employee>/<area>/" (see
    # analytics/urls.py): one reverse, not one per cell.
    base = reverse("performance:analytics_skills")
    suffix = f"?{query}" if query else ""
    shown = []
    for employee, cells in rows:
        shown.append(
            (
                employee,
                [
                    {
                        "level": c.level,
                        "gap": c.gap,
                        "required": c.required,
                        "href": f"{base}{employee.pk}/{c.area_id}/{suffix}",
                        "label": f"{employee.name}: {c.level}"
                        + (f" / {c.required}" if c.required else ""),
                    }
                    for c in cells
                ],
            )
        )
    return shown


@manager_or_hr
def skill_matrix(request):
    qs, chosen = _filtered(request)
    matrix = selectors.skill_matrix(qs, page_number=request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in chosen.items())
    rows = _cells_shown(matrix.rows, query)
    return render(
        request,
        "performance/analytics/skill_matrix.html",
        {
            "matrix": matrix,
            "rows": rows,
            "chosen": chosen,
            "query": query,
            "regions": Region.objects.all(),
            "stores": Store.objects.all(),
            # A chain has thousands of teams: list the chosen store's only.
            "teams": Team.objects.filter(store_id=chosen["store"])
            if "store" in chosen
            else [],
            "positions": Positions.choices,
        },
    )


def _visible(request, pk: int) -> Employee:
    employee = get_object_or_404(Employee, pk=pk)
    if not can_see_employee(request.user, employee, record="learning"):
        raise Http404
    return employee


@manager_or_hr
def skill_cell(request, pk: int, area: int):
    employee = _visible(request, pk)
    skill = get_object_or_404(SkillArea, pk=area)
    return render(
        request,
        "performance/analytics/skill_cell.html",
        {
            "employee": employee,
            "area": skill,
            "cell": selectors.skill_cell(employee, skill),
            "back": reverse("performance:analytics_skills")
            + ("?" + request.GET.urlencode() if request.GET else ""),
        },
    )


@require_POST
@manager_or_hr
def skill_assign(request, pk: int, area: int):
    """Assign the course that closes the gap (training's assignment
    service); only a course offered for this cell is accepted."""
    employee = _visible(request, pk)
    skill = get_object_or_404(SkillArea, pk=area)
    cell = selectors.skill_cell(employee, skill)
    offered = {c["pk"] for c in cell["closing"]}
    course_id = _int(request.POST.get("course"))
    if course_id not in offered:
        messages.error(request, _("That course does not close this gap."))
        return redirect("performance:analytics_skill_cell", pk=pk, area=area)
    course = get_object_or_404(CoursePage, pk=course_id)
    training_services.assignment_create(
        course=course, employees=[employee], assigned_by=employee_of(request.user)
    )
    messages.success(
        request,
        _("%(course)s assigned to %(name)s.")
        % {"course": course.title, "name": employee.name},
    )
    return redirect("performance:analytics_skill_cell", pk=pk, area=area)


@manager_or_hr
def skill_matrix_export(request):
    """XLSX of the filtered matrix (openpyxl write-only, a page of people at
    a time so memory stays flat)."""
    from io import BytesIO

    from openpyxl import Workbook

    qs, _chosen = _filtered(request)
    areas = selectors.skill_areas()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Skill matrix"))
    sheet.append(
        [_("Employee number"), _("Name"), _("Position")]
        + [a.label for a in areas]
        + [_("Gaps")]
    )
    ids = list(qs.order_by("number").values_list("pk", flat=True))
    size = selectors.MATRIX_PAGE_SIZE * 10
    for start in range(0, len(ids), size):
        people = Employee.objects.filter(pk__in=ids[start : start + size]).order_by(
            "number"
        )
        for employee, cells in selectors.matrix_cells(people, areas):
            sheet.append(
                [employee.number, employee.name, employee.position_label]
                + [c.level for c in cells]
                + [sum(c.gap for c in cells)]
            )
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="skill-matrix.xlsx"'
    return response
