"""A hot ORM query compiled to SQL once per process and run raw after that.

Building and compiling a Django query costs more CPU than PostgreSQL takes to
run a small indexed one; the request's user and the course page route run on
every request, so they are compiled once with stand-in parameters and run
with `Model.objects.raw` (which still applies field converters)."""

from django.db import connection


class _Slot:
    def __init__(self, name: str):
        self.name = name


class Precompiled:
    """`build(**stand_ins)` returns the queryset; each keyword's stand-in
    value must be unique among the query's parameters (e.g. a negative id or
    a string no real value takes)."""

    def __init__(self, model, build, **stand_ins):
        self.model, self.build, self.stand_ins = model, build, stand_ins
        self._compiled: dict[str, tuple[str, list]] = {}

    def _sql(self) -> tuple[str, list]:
        vendor = connection.vendor  # tests may switch databases
        if vendor not in self._compiled:
            sql, params = self.build(**self.stand_ins).query.sql_with_params()
            slots = {value: _Slot(name) for name, value in self.stand_ins.items()}
            self._compiled[vendor] = (sql, [slots.get(p, p) for p in params])
        return self._compiled[vendor]

    def first(self, **values):
        sql, template = self._sql()
        params = [values[p.name] if isinstance(p, _Slot) else p for p in template]
        return next(iter(self.model.objects.raw(sql, params)), None)
