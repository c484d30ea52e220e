"""Database-level history (django-pghistory) of the records that decide a
person's standing: quiz grades, role-play sheets and their criterion scores,
certificates, observations and role membership.

Triggers write the event rows; the event tables are append-only (a trigger
refuses UPDATE and DELETE), so the application's own database user cannot
rewrite them. ``ChangeEvent`` keeps the old value beside the new one in the
same row (``old_<field>`` columns), so a change is readable without an insert
event before it: high-volume rows (observations, quiz attempts) are tracked
on change only, their first insert being their own first record.

Who and why come from ``history_context(user=..., reason=...)`` around the
write (PostgreSQL only; SQLite keeps no history).

People is the lowest app: it does not read the higher apps' event models.
Each app registers a *source* (``register_source``) turning its events of
one employee into ``HistoryEntry`` rows; ``employee_history`` merges them.
"""

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pghistory
import pgtrigger
from django.db import connection, models
from pghistory import trigger as pgh_trigger

OLD_PREFIX = "old_"


class _OldNewTrigger(pgh_trigger.Event):
    """pghistory's event trigger that also stores OLD values of ``old_fields``
    in the event's ``old_<field>`` columns."""

    def __init__(self, *, old_fields=(), **kwargs):
        self.old_fields = tuple(old_fields)
        super().__init__(**kwargs)

    def get_func(self, model):
        func = super().get_func(model)
        sql = str(func.func)
        head, sep, tail = sql.partition(") VALUES (")
        values, sep2, rest = tail.partition("); RETURN NULL;")
        assert sep and sep2, "unexpected pghistory trigger SQL"
        columns = [model._meta.get_field(name).column for name in self.old_fields]
        extra_cols = ", ".join(f'"{OLD_PREFIX}{col}"' for col in columns)
        extra_vals = ", ".join(f'OLD."{col}"' for col in columns)
        return pgtrigger.Func(
            f"{head}, {extra_cols}) VALUES ({values}, {extra_vals}); RETURN NULL;{rest}"
        )


class ChangeEvent(pghistory.UpdateEvent):
    """An update event (the NEW row) that also keeps the OLD value of
    ``old_fields``; it fires only when one of them changes."""

    def __init__(self, label: str, *, old_fields: Iterable[str]):
        self.old_fields = tuple(old_fields)
        super().__init__(label, condition=pgtrigger.AnyChange(*self.old_fields))

    def add_event_trigger(self, event_model):
        pgtrigger.register(
            _OldNewTrigger(
                event_model=event_model,
                label=self.label,
                name=self.trigger_name,
                row=self.row,
                operation=self.operation,
                condition=self.condition,
                level=self.level,
                old_fields=self.old_fields,
            )
        )(event_model.pgh_tracked_model)


def old_columns(model: type[models.Model], *names: str) -> dict[str, models.Field]:
    """``attrs`` for pghistory.track: nullable copies of ``names`` named
    ``old_<name>`` (foreign keys are kept as their plain id value)."""
    attrs = {}
    for name in names:
        original = model._meta.get_field(name)
        if isinstance(original, models.ForeignKey):
            attrs[f"{OLD_PREFIX}{name}_id"] = models.BigIntegerField(null=True)
            continue
        clone = original.clone()
        clone.null = True
        clone.blank = True
        clone.default = models.NOT_PROVIDED
        clone._unique = False
        clone.db_index = False
        if hasattr(clone, "auto_now"):
            clone.auto_now = clone.auto_now_add = False
        attrs[f"{OLD_PREFIX}{name}"] = clone
    return attrs


def track(
    *,
    fields: Iterable[str],
    old_fields: Iterable[str],
    change_label: str,
    insert_label: str | None = None,
    delete_label: str | None = None,
):
    """Decorator: append-only history of ``fields`` of a model, an event on
    every change of ``old_fields`` (old and new value in one row), and
    optionally on insert and delete."""
    old_fields = tuple(old_fields)

    def wrap(model):
        trackers = []
        if insert_label:
            trackers.append(pghistory.InsertEvent(insert_label))
        trackers.append(ChangeEvent(change_label, old_fields=old_fields))
        if delete_label:
            trackers.append(pghistory.DeleteEvent(delete_label))
        return pghistory.track(
            *trackers,
            fields=list(fields),
            obj_field=pghistory.ObjForeignKey(related_name="events"),
            append_only=True,
            attrs=old_columns(model, *old_fields),
            model_name=f"{model.__name__}Event",
        )(model)

    return wrap


def history_context(*, user=None, reason: str = ""):
    """pghistory's context (who, why) around a write on PostgreSQL; SQLite
    keeps no history (its statements can't carry the context): a no-op."""
    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    # Nested contexts merge: an inner write without a user or reason keeps
    # the outer ones (a review dispute correcting an observation).
    metadata = {}
    user_id = getattr(user, "pk", user)
    if user_id is not None:
        metadata["user"] = user_id
    if reason:
        metadata["reason"] = reason
    return pghistory.context(**metadata)


# --- Reading one employee's history ------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str  # the field's translated name
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: object  # datetime
    what: str  # translated kind of record, e.g. "Quiz grade"
    subject: str  # which record, e.g. the course's title
    changes: tuple[Change, ...]
    user_id: int | None
    reason: str
    key: tuple = field(default=(), compare=False)  # tie-break for ordering


# A source: (employee, limit) -> up to `limit` newest entries, in a bounded
# number of queries.
Source = Callable[[object, int], list[HistoryEntry]]
_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    _sources[name] = source


def employee_history(employee, *, offset: int, limit: int) -> list[HistoryEntry]:
    """The employee's events across every registered source, newest first:
    entries ``offset`` to ``offset + limit``. Each source answers in a fixed
    number of queries, so a page costs the same whatever the history's size."""
    if connection.vendor != "postgresql":
        return []
    wanted = offset + limit
    merged: list[HistoryEntry] = []
    for name in sorted(_sources):
        merged.extend(_sources[name](employee, wanted))
    merged.sort(key=lambda e: (e.when, e.key), reverse=True)
    return merged[offset:wanted]


def _reasons():
    """The reasons services attach (stored in English, shown translated);
    a reason a person typed is shown as typed."""
    from django.utils.translation import gettext_lazy as _

    return {
        "quiz submitted": _("Quiz submitted"),
        "closed at the deadline": _("Closed at the deadline"),
        "course completed": _("Course completed"),
        "certificate revoked": _("Certificate revoked"),
        "sheet saved": _("Score sheet saved"),
        "sheet submitted": _("Score sheet submitted"),
        "roster import": _("Roster import"),
        "employee created": _("Employee created"),
        "employee saved": _("Employee saved"),
    }


def context_of(event) -> tuple[int | None, str]:
    """(user id, reason) of an event row whose pgh_context was selected."""
    ctx = getattr(event, "pgh_context", None)
    metadata = ctx.metadata if ctx is not None else {}
    user = metadata.get("user")
    reason = str(metadata.get("reason") or "")
    reason = str(_reasons().get(reason, reason))
    return (user if isinstance(user, int) else None, reason)


def show(value) -> str:
    """A value as the history page shows it."""
    import datetime as dt

    from django.utils import formats, timezone

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        return formats.localize(timezone.localtime(value))
    return formats.localize(value) if not isinstance(value, str) else value


def _as_stored(event, name) -> tuple:
    return getattr(event, f"{OLD_PREFIX}{name}", None), getattr(event, name)


def changes_of(event, fields, *, read=_as_stored) -> tuple[Change, ...]:
    """(field, translated label) pairs of a ChangeEvent row as old → new; a
    delete shows its last values going to nothing, an insert its first.
    ``read(event, name)`` gives a field's (old, new) values as shown."""
    deleted = event.pgh_label.endswith(".delete") or event.pgh_label.endswith(".remove")
    out = []
    for name, label in fields:
        old, new = read(event, name)
        if deleted:
            old, new = new, None
        if old == new and not deleted:
            continue
        out.append(Change(str(label), show(old), show(new)))
    return tuple(out)


def entry(
    event, *, what, subject, fields, reason: str = "", user_id=None, read=_as_stored
) -> HistoryEntry:
    """A HistoryEntry of an event row; `reason` and `user_id` stand in when
    the write carried no context; `read` as for `changes_of`."""
    context_user, why = context_of(event)
    user_id = context_user or user_id
    return HistoryEntry(
        when=event.pgh_created_at,
        what=str(what),
        subject=str(subject),
        changes=changes_of(event, fields, read=read),
        user_id=user_id,
        reason=why or reason,
        key=(event._meta.label, event.pgh_id),
    )


def roles(employee, limit) -> list[HistoryEntry]:
    """Role membership changes of the employee's account."""
    from django.utils.translation import gettext_lazy as _

    from .models import RoleEvent
    from .roles import ROLE_LABELS

    rows = (
        RoleEvent.objects.filter(user_id=employee.user_id)
        .select_related("pgh_context", "group")
        .order_by("-pgh_created_at", "-pgh_id")
    )
    out = []
    for e in rows[:limit]:
        name = e.group.name if e.group else ""
        label = ROLE_LABELS.get(name, name)
        added = e.pgh_label == "role.add"
        user_id, why = context_of(e)
        out.append(
            HistoryEntry(
                when=e.pgh_created_at,
                what=str(_("Role")),
                subject=str(label),
                changes=(
                    Change(
                        str(_("role")),
                        "—" if added else str(label),
                        str(label) if added else "—",
                    ),
                ),
                user_id=user_id,
                reason=why,
                key=("people.RoleEvent", e.pgh_id),
            )
        )
    return out


def employee_changes(employee, limit) -> list[HistoryEntry]:
    """Changes of the employee's position, store, team, manager and status.
    Old stores, teams and managers are kept as ids: their names are read in
    three queries whatever the page's size."""
    from django.utils.translation import gettext_lazy as _

    from .models import Employee, Position, Store, Team

    rows = list(
        Employee.pgh_event_model.objects.filter(pgh_obj_id=employee.pk)
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[:limit]
    )
    related = {"store": Store, "team": Team, "manager": Employee}
    names = {}
    for name, model in related.items():
        ids = {getattr(e, f"{p}{name}_id") for e in rows for p in ("", OLD_PREFIX)}
        names[name] = {o.pk: str(o) for o in model.objects.filter(pk__in=ids)}
    labels = {
        "position": dict(Position.choices),
        "status": dict(Employee.Status.choices),
    }

    def shown(event, name):
        def one(attr):
            if name in names:
                pk = getattr(event, f"{attr}_id")
                return names[name].get(pk, "" if pk is None else f"#{pk}")
            raw = getattr(event, attr)
            return str(labels[name].get(raw, raw or ""))

        return one(f"{OLD_PREFIX}{name}"), one(name)

    fields = [
        ("position", _("position")),
        ("store", _("store")),
        ("team", _("team")),
        ("manager", _("manager")),
        ("status", _("status")),
    ]
    return [
        entry(e, what=_("Employee"), subject=employee, fields=fields, read=shown)
        for e in rows
    ]
