"""Roster import: validate every row first, then write all or nothing."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Employee, Position, Store, Team, User
from .roles import Role
from .tabular import RowError, TableError, read_table

# Header text (lower-cased) in English or Chinese → column.
ALIASES = {
    "employee_number": "number",
    "employee number": "number",
    "number": "number",
    "工号": "number",
    "员工编号": "number",
    "name": "name",
    "姓名": "name",
    "email": "email",
    "邮箱": "email",
    "电子邮箱": "email",
    "position": "position",
    "岗位": "position",
    "职位": "position",
    "store": "store",
    "store_code": "store",
    "门店": "store",
    "门店编码": "store",
    "team": "team",
    "team_code": "team",
    "班组": "team",
    "团队": "team",
    "manager_number": "manager",
    "manager": "manager",
    "上级工号": "manager",
    "hire_date": "hire_date",
    "hire date": "hire_date",
    "入职日期": "hire_date",
    "status": "status",
    "状态": "status",
    "language": "language",
    "语言": "language",
    "role": "role",
    "角色": "role",
}
REQUIRED = ("number", "name", "email", "position", "store")
STATUS_WORDS = {
    "active": Employee.Status.ACTIVE,
    "在职": Employee.Status.ACTIVE,
    "": None,
    "left": Employee.Status.LEFT,
    "离职": Employee.Status.LEFT,
}
LANGUAGE_WORDS = {
    "": "",
    "zh-hans": "zh-hans",
    "zh": "zh-hans",
    "中文": "zh-hans",
    "简体中文": "zh-hans",
    "en": "en",
    "english": "en",
    "英文": "en",
}
ROLE_WORDS = {
    "staff": Role.STAFF,
    "员工": Role.STAFF,
    "manager": Role.MANAGER,
    "主管": Role.MANAGER,
    "店长": Role.MANAGER,
    "trainer": Role.TRAINER,
    "培训师": Role.TRAINER,
    "hr": Role.HR,
    "人力资源": Role.HR,
}
ROLE_SPLIT = re.compile(r"[\s,;|、，；/]+")
DEFAULT_ROLE = {
    Position.SUPERVISOR: Role.MANAGER,
    Position.STORE_MANAGER: Role.MANAGER,
    Position.TRAINER: Role.TRAINER,
    Position.HR: Role.HR,
}


@dataclass
class RosterResult:
    errors: list[RowError] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _position(text: str) -> str | None:
    lowered = text.strip().lower()
    for value, label in Position.choices:
        if lowered in {value, str(label).lower()}:
            return value
    # Chinese labels, whatever language the uploader uses.
    from django.utils import translation

    with translation.override("zh-hans"):
        for value, label in Position.choices:
            if text.strip() == str(label):
                return value
    return None


def _parse(rows, result: RosterResult) -> list[dict]:
    stores = {s.code: s for s in Store.objects.all()}
    teams = {t.code: t for t in Team.objects.all()}
    known_numbers = set(Employee.objects.values_list("number", flat=True))
    email_owner = dict(Employee.objects.values_list("user__email", "number"))
    parsed, seen_numbers, seen_emails, manager_refs = [], {}, {}, []

    def err(row, column, reason):
        result.errors.append(RowError(row, column, reason))

    for number, row in rows:
        before = len(result.errors)
        for column in REQUIRED:
            if not row.get(column):
                err(number, column, _("This value is required."))
        emp_no = row.get("number", "")
        manager_refs.append((number, emp_no, row.get("manager", "")))
        if emp_no in seen_numbers:
            err(
                number,
                "number",
                _("Employee number %(n)s also appears on row %(row)s.")
                % {"n": emp_no, "row": seen_numbers[emp_no]},
            )
        seen_numbers.setdefault(emp_no, number)
        email = row.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                err(
                    number,
                    "email",
                    _("“%(v)s” is not a valid email address.") % {"v": email},
                )
            if email in seen_emails:
                err(
                    number,
                    "email",
                    _("Email %(e)s also appears on row %(row)s.")
                    % {"e": email, "row": seen_emails[email]},
                )
            seen_emails.setdefault(email, number)
            owner = email_owner.get(email)
            if owner and owner != emp_no:
                err(
                    number,
                    "email",
                    _("Email %(e)s belongs to employee %(n)s.")
                    % {"e": email, "n": owner},
                )
        position = _position(row.get("position", "")) if row.get("position") else None
        if row.get("position") and position is None:
            err(
                number,
                "position",
                _("Unknown position “%(v)s”.") % {"v": row["position"]},
            )
        store = stores.get(row.get("store", ""))
        if row.get("store") and store is None:
            err(number, "store", _("Unknown store code “%(v)s”.") % {"v": row["store"]})
        team = None
        if row.get("team"):
            team = teams.get(row["team"])
            if team is None:
                err(
                    number, "team", _("Unknown team code “%(v)s”.") % {"v": row["team"]}
                )
            elif store is not None and team.store_id != store.pk:
                err(
                    number,
                    "team",
                    _("Team %(t)s is not in store %(s)s.")
                    % {"t": team.code, "s": store.code},
                )
        hire_date = None
        if row.get("hire_date"):
            try:
                hire_date = dt.date.fromisoformat(row["hire_date"][:10])
            except ValueError:
                err(
                    number,
                    "hire_date",
                    _("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": row["hire_date"]},
                )
        status = STATUS_WORDS.get(row.get("status", "").lower(), "?")
        if status == "?":
            err(number, "status", _("Status must be active or left."))
        language = LANGUAGE_WORDS.get(row.get("language", "").lower(), "?")
        if language == "?":
            err(number, "language", _("Language must be zh-hans or en."))
        # A role cell sets the employee's roles exactly (several separated
        # by , ; | or 、); an empty cell adds the position's default role.
        words = [w for w in ROLE_SPLIT.split(row.get("role", "").lower()) if w]
        roles = frozenset(ROLE_WORDS.get(w) for w in words)
        if None in roles:
            err(number, "role", _("Role must be staff, manager, trainer or hr."))
        if len(result.errors) == before:
            parsed.append(
                {
                    "row": number,
                    "number": emp_no,
                    "name": row["name"],
                    "email": email,
                    "position": position,
                    "store": store,
                    "team": team,
                    "manager": row.get("manager", ""),
                    "hire_date": hire_date,
                    "status": status,
                    "language": language,
                    "role": DEFAULT_ROLE.get(position, Role.STAFF),
                    "roles": roles or None,
                }
            )
    # Managers may be defined further down the file, so check them last.
    for number, emp_no, manager in manager_refs:
        if manager and manager not in known_numbers and manager not in seen_numbers:
            err(
                number, "manager", _("Unknown manager number “%(v)s”.") % {"v": manager}
            )
        elif manager and manager == emp_no:
            err(number, "manager", _("An employee cannot be their own manager."))
    result.errors.sort(key=lambda e: (e.row, e.column))
    return parsed


def roster_import(*, uploaded, by=None) -> RosterResult:
    """Create or update employees by number from a CSV/XLSX roster.

    All or nothing: any bad row means nothing is written and every bad row is
    reported. Importing the same file again changes nothing."""
    try:
        from django.conf import settings

        rows = read_table(uploaded, aliases=ALIASES, max_rows=settings.ROSTER_MAX_ROWS)
        return roster_apply(rows=list(rows), by=by, reason="roster import")
    except TableError as exc:
        return RosterResult(errors=[RowError(1, "", str(exc))])


def roster_apply(*, rows, by=None, reason: str = "employee saved") -> RosterResult:
    """Validate then write (row number, {column: text}) rows, all or nothing.
    The roster file and HR's single-employee form both come through here."""
    result = RosterResult()
    parsed = _parse(rows, result)
    if result.errors:
        return result
    if not parsed:
        result.errors.append(RowError(1, "", _("The file has no data rows.")))
        return result
    from .history import history_context

    # Role changes are kept as history (people.history) with who and why.
    with history_context(user=by, reason=reason):
        _write(parsed, result)
    return result


def _set_roles(user, item: dict, groups: dict, *, new: bool) -> bool:
    """The row's roles exactly (others of the four removed), or, with no role
    given, the position's default added. Groups other than the four roles
    (e.g. lead_trainer) are left alone. Returns whether anything changed."""
    have = set() if new else {g.name for g in user.groups.all() if g.name in groups}
    want = set(item["roles"]) if item["roles"] else have | {item["role"]}
    add = [groups[r] for r in want - have if r in groups]
    remove = [groups[r] for r in have - want if r in groups]
    if add:
        user.groups.add(*add)
    if remove:
        user.groups.remove(*remove)
    return bool(add or remove) and not new


@transaction.atomic
def _write(parsed: list[dict], result: RosterResult) -> None:
    existing = {
        e.number: e
        for e in Employee.objects.select_related("user")
        .prefetch_related("user__groups")
        .filter(number__in=[p["number"] for p in parsed])
    }
    groups = {g.name: g for g in Group.objects.filter(name__in=list(Role))}
    # Managers already on file are set with the row's other fields, so an
    # edit is one change in the employee's history.
    managers = {
        e.number: e.pk
        for e in Employee.objects.filter(
            number__in={p["manager"] for p in parsed if p["manager"]}
        ).only("pk", "number")
    }
    touched: set[str] = set()
    for item in parsed:
        fields = {
            "name": item["name"],
            "position": item["position"],
            "store": item["store"],
            "team": item["team"],
            "hire_date": item["hire_date"],
        }
        if not item["manager"] or item["manager"] in managers:
            fields["manager_id"] = managers.get(item["manager"])
        if item["status"]:
            fields["status"] = item["status"]
        employee = existing.get(item["number"])
        if employee is None:
            user = User.objects.create_user(
                email=item["email"],
                language=item["language"],
                first_name=item["name"],
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            employee = Employee.objects.create(
                user=user, number=item["number"], **fields
            )
            result.created.append(employee.pk)
        else:
            changed = [k for k, v in fields.items() if getattr(employee, k) != v]
            for k in changed:
                setattr(employee, k, fields[k])
            user = employee.user
            user_changed = []
            if user.email != item["email"]:
                user.email, user_changed = item["email"], ["email"]
            if item["language"] and user.language != item["language"]:
                user.language = item["language"]
                user_changed.append("language")
            if user_changed:
                user.save(update_fields=user_changed)
            if changed:
                employee.save(update_fields=changed)
            if changed or user_changed:
                touched.add(item["number"])
        if _set_roles(user, item, groups, new=employee.pk in result.created):
            touched.add(item["number"])
        existing[item["number"]] = employee
    # Managers new in this file are linked last: they may come further down.
    for item in parsed:
        if not item["manager"] or item["manager"] in managers:
            continue
        employee, manager = existing[item["number"]], existing[item["manager"]]
        if employee.manager_id != manager.pk:
            employee.manager = manager
            employee.save(update_fields=["manager"])
            touched.add(item["number"])
    created = {existing[p["number"]].pk for p in parsed} & set(result.created)
    result.updated = len({n for n in touched if existing[n].pk not in created})
    result.unchanged = len(parsed) - len(result.created) - result.updated
    User.objects.filter(employee__status=Employee.Status.LEFT, is_active=True).update(
        is_active=False
    )
    User.objects.filter(
        employee__status=Employee.Status.ACTIVE,
        is_active=False,
        employee__number__in=[p["number"] for p in parsed],
    ).update(is_active=True)
