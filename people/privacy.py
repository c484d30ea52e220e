"""Personal-data rights of one employee: everything held about them as a zip
(JSON plus their files), and anonymising someone who has left.

People is the lowest app: each app registers its models (``register``) in
its ``ready()``, saying which fields point at the person as the record's
subject ("about") or as someone who acted ("acted": assessor, creator), and
what anonymising does to the rows about them:

- ``KEEP``: the row stays for statistics. It points at the employee, whose
  name, number and email anonymising replaces, so it no longer says who.
- ``DELETE``: the rows are deleted (notifications, API tokens).
- ``RETAIN``: the row stays *with* what it holds, for a stated legal reason
  (pay records of a review: employers must keep wage records).
- a function ``(employee, queryset) -> None`` for anything else (recordings:
  the voice file is removed, the row and its scores stay).

tests/people/test_privacy.py fails when a model of our apps has a foreign key
to an employee or user that no registration covers.
"""

import datetime as dt
import decimal
import json
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

KEEP, DELETE, RETAIN = "keep", "delete", "retain"
ANONYMOUS_NAME = "已匿名"
# Columns never exported: secrets, not personal data.
SECRET_COLUMNS = {"password", "key_hash"}


@dataclass(frozen=True)
class Holding:
    model: type[models.Model]
    about: tuple[str, ...]
    acted: tuple[str, ...]
    erase: str | Callable
    files: tuple[str, ...]
    reason: str  # why RETAIN keeps the rows as they are
    exclude: tuple[str, ...] = ()  # someone else's data (a customer's contact)


_holdings: dict[str, Holding] = {}


def register(
    model,
    *,
    about=(),
    acted=(),
    erase: str | Callable = KEEP,
    files=(),
    reason: str = "",
    exclude=(),
) -> None:
    """Declare what ``model`` holds about a person. ``about``/``acted`` are
    lookups ending at an Employee or a User (``enrollment__employee``)."""
    if erase == RETAIN and not reason:
        raise ValueError("a retained model needs its reason")
    _holdings[model._meta.label] = Holding(
        model, tuple(about), tuple(acted), erase, tuple(files), reason, tuple(exclude)
    )


def holdings() -> dict[str, Holding]:
    return dict(_holdings)


def _target(model, lookup: str):
    """The model a lookup path ends at (Employee or User)."""
    for part in lookup.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def _q(holding: Holding, lookups, employee) -> models.Q | None:
    from .models import Employee

    q = None
    for lookup in lookups:
        who = employee if _target(holding.model, lookup) is Employee else employee.user
        q = models.Q(**{lookup: who}) if q is None else q | models.Q(**{lookup: who})
    return q


def _rows(holding: Holding, q) -> list[dict]:
    hidden = SECRET_COLUMNS | set(holding.exclude)
    columns = [
        f.attname
        for f in holding.model._meta.concrete_fields
        if f.attname not in hidden
    ]
    return list(holding.model.objects.filter(q).distinct().values(*columns))


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return str(value)


def personal_data(employee) -> dict:
    """Everything registered about ``employee``: per model, the rows about
    them and the rows where they acted."""
    records = {}
    for label, holding in sorted(_holdings.items()):
        entry = {}
        for kind, lookups in (("about", holding.about), ("acted", holding.acted)):
            q = _q(holding, lookups, employee)
            if q is not None:
                entry[kind] = _rows(holding, q)
        if any(entry.values()):
            records[label] = entry
    return {
        "employee_number": employee.number,
        "generated_at": timezone.now().isoformat(),
        "records": records,
    }


def personal_data_zip(employee):
    """A temporary file holding ``personal-data.json`` and the person's files
    (recordings) under ``files/``; the caller streams and closes it."""
    out = tempfile.TemporaryFile()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        data = personal_data(employee)
        archive.writestr(
            "personal-data.json",
            json.dumps(data, ensure_ascii=False, indent=1, default=_json_default),
        )
        for holding in _holdings.values():
            q = _q(holding, holding.about, employee)
            if not holding.files or q is None:
                continue
            for row in holding.model.objects.filter(q).distinct():
                for name in holding.files:
                    stored = getattr(row, name)
                    if not stored:
                        continue
                    base = stored.name.rsplit("/", 1)[-1]
                    path = f"files/{holding.model._meta.model_name}/{row.pk}-{base}"
                    with stored.open("rb") as source:
                        with archive.open(path, "w") as target:
                            for chunk in iter(lambda: source.read(1 << 20), b""):
                                target.write(chunk)
    out.seek(0)
    return out


class NotLeft(Exception):
    """Only an employee who has left is anonymised."""


@transaction.atomic
def employee_anonymise(*, employee, by, reason: str) -> dict[str, int]:
    """Replace the departed ``employee``'s personal data and erase what each
    app registered; records stay for statistics. Running it again changes
    nothing more. Returns {model label: rows deleted or cleared}."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from .history import history_context
    from .models import Employee

    employee = (
        Employee.objects.select_for_update().select_related("user").get(pk=employee.pk)
    )
    if employee.status != Employee.Status.LEFT:
        raise NotLeft
    done: dict[str, int] = {}
    with history_context(user=by, reason=reason):
        for label, holding in sorted(_holdings.items()):
            q = _q(holding, holding.about, employee)
            if q is None or holding.erase in (KEEP, RETAIN):
                continue
            qs = holding.model.objects.filter(q).distinct()
            if holding.erase == DELETE:
                done[label] = qs.delete()[0]
            else:
                done[label] = holding.erase(employee, qs) or 0
        user = employee.user
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.email = f"anonymised-{user.pk}@invalid.example"
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()  # also ends every session it had
        user.save()
        if employee.anonymised_at is None:
            employee.anonymised_at = timezone.now()
        employee.name = f"{ANONYMOUS_NAME} {employee.pk}"
        employee.number = f"ANON-{employee.pk}"
        employee.hire_date = None
        employee.save(update_fields=["name", "number", "hire_date", "anonymised_at"])
    return done


def register_own() -> None:
    """People's own models. The employee row and the account are anonymised
    by ``employee_anonymise`` itself."""
    from .models import ApiToken, Employee, Notification, User

    register(Employee, about=["user"], acted=["manager"])
    register(User, about=["employee"])
    register(ApiToken, about=["user"], erase=DELETE)
    register(Notification, about=["employee"], erase=DELETE)
