"""The roster template HR downloads: the import's columns headed in the
viewer's language, one example row, and (in the XLSX) a second sheet of the
valid store, team, position and role codes. The import reads the first
sheet only, so a filled-in template uploads as it is."""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from .models import Employee, Position, Store, Team
from .roles import ROLE_LABELS, Role

# (column, English header, Chinese header): headers the import accepts.
COLUMNS = [
    ("number", "employee_number", "工号"),
    ("name", "name", "姓名"),
    ("email", "email", "邮箱"),
    ("position", "position", "岗位"),
    ("store", "store_code", "门店编码"),
    ("team", "team_code", "班组"),
    ("manager", "manager_number", "上级工号"),
    ("hire_date", "hire_date", "入职日期"),
    ("status", "status", "状态"),
    ("language", "language", "语言"),
    ("role", "role", "角色"),
]


def headers(language: str) -> list[str]:
    zh = language.startswith("zh")
    return [zh_header if zh else en for _c, en, zh_header in COLUMNS]


def example_row(language: str) -> list[str]:
    store = Store.objects.order_by("code").first()
    team = Team.objects.filter(store=store).order_by("code").first() if store else None
    zh = language.startswith("zh")
    return [
        "E9001",
        "张三" if zh else "Zhang San",
        "zhang.san@example.com",
        Position.FRONT_DESK.value,
        store.code if store else "",
        team.code if team else "",
        "",
        "2026-01-05",
        "在职" if zh else "active",
        "zh-hans",
        Role.STAFF.value,
    ]


def codes() -> list[list[str]]:
    """Rows of the codes sheet: kind, code, name."""
    rows = [[_("Kind"), _("Code"), pgettext("name of a thing", "Name")]]
    rows += [[_("Store"), s.code, str(s)] for s in Store.objects.order_by("code")]
    rows += [
        [_("Team"), t.code, f"{t} ({t.store.code})"]
        for t in Team.objects.select_related("store").order_by("store__code", "code")
    ]
    rows += [[_("Position"), value, str(label)] for value, label in Position.choices]
    rows += [[_("Role"), role.value, str(ROLE_LABELS[role])] for role in Role]
    rows += [
        [_("Status"), value, str(label)] for value, label in Employee.Status.choices
    ]
    return rows


def template_csv(language: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(language))
    writer.writerow(example_row(language))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def template_xlsx(language: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Roster")
    sheet.append(headers(language))
    sheet.append(example_row(language))
    listing = book.create_sheet(_("Codes"))
    for row in codes():
        listing.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
