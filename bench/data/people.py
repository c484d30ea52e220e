"""Organisation at scale: regions, stores (2 teams each), one manager per store,
staff, and a few HR and trainers; one login each, all with one password hash."""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from . import Context, copy_rows, reset_sequence

PASSWORD = "bench-Service-2026"
HR_COUNT = 5
TRAINER_COUNT = 5
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红亮"
STAFF_POSITIONS = ["front_desk", "call_agent", "teller", "sales", "waiter"]


def ready() -> str | None:
    return None


def _name(i: int) -> str:
    return (
        SURNAMES[i % len(SURNAMES)]
        + GIVEN[(i * 7) % len(GIVEN)]
        + GIVEN[(i // 7) % len(GIVEN)]
    )


def generate(ctx: Context) -> None:
    scale, rng = ctx.scale, random.Random(ctx.seed)
    copy_rows(
        "people_region",
        ["id", "code", "name", "name_en"],
        (
            (r, f"r{r:02d}", f"第{r}大区", f"Region {r}")
            for r in range(1, scale.regions + 1)
        ),
    )
    copy_rows(
        "people_store",
        ["id", "code", "name", "name_en", "region_id"],
        (
            (s, f"s{s:04d}", f"第{s}号门店", f"Store {s}", (s - 1) % scale.regions + 1)
            for s in range(1, scale.stores + 1)
        ),
    )
    copy_rows(
        "people_team",
        ["id", "code", "name", "name_en", "store_id"],
        (
            (2 * s - 1 + t, f"s{s:04d}-{tc}", f"第{s}号门店{tz}", f"Store {s} {te}", s)
            for s in range(1, scale.stores + 1)
            for t, (tc, tz, te) in enumerate(
                [("front", "前台组", "front desk"), ("phone", "热线组", "hotline")]
            )
        ),
    )

    # Employee and user ids coincide. Stores' managers come first, then staff
    # round-robin over stores, then HR and trainers (no store).
    groups = dict(Group.objects.values_list("name", "pk"))
    staff_total = scale.employees - scale.stores - HR_COUNT - TRAINER_COUNT
    people = []  # (id, role, position, store, team, manager)
    for s in range(1, scale.stores + 1):
        people.append((s, "manager", "store_manager", s, None, None))
    for k in range(staff_total):
        s = k % scale.stores + 1
        pk = scale.stores + k + 1
        team = 2 * s - 1 + (k // scale.stores) % 2
        people.append((pk, "staff", STAFF_POSITIONS[k % 5], s, team, s))
    pk = scale.stores + staff_total
    for role, position, count in (
        ("hr", "hr", HR_COUNT),
        ("trainer", "trainer", TRAINER_COUNT),
    ):
        for _ in range(count):
            pk += 1
            people.append((pk, role, position, None, None, None))

    password = make_password(PASSWORD)
    joined = timezone.now().isoformat()
    copy_rows(
        "people_user",
        [
            "id",
            "password",
            "is_superuser",
            "first_name",
            "last_name",
            "is_staff",
            "is_active",
            "date_joined",
            "email",
            "language",
        ],
        (
            (
                pk,
                password,
                False,
                _name(pk),
                "",
                False,
                True,
                joined,
                f"{role}{pk}@bench.local",
                "en" if pk % 5 == 0 else "zh-hans",
            )
            for pk, role, *_ in people
        ),
    )
    copy_rows(
        "people_user_groups",
        ["user_id", "group_id"],
        ((pk, groups[role]) for pk, role, *_ in people),
    )
    copy_rows(
        "account_emailaddress",
        ["user_id", "email", "verified", '"primary"'],
        ((pk, f"{role}{pk}@bench.local", True, True) for pk, role, *_ in people),
    )
    first_hire = dt.date(2015, 1, 1)
    copy_rows(
        "people_employee",
        [
            "id",
            "user_id",
            "number",
            "name",
            "position",
            "hire_date",
            "status",
            "manager_id",
            "store_id",
            "team_id",
        ],
        (
            (
                pk,
                pk,
                f"B{pk:06d}",
                _name(pk),
                position,
                first_hire + dt.timedelta(days=rng.randrange(3650)),
                "left" if role == "staff" and pk % 97 == 0 else "active",
                manager,
                store,
                team,
            )
            for pk, role, position, store, team, manager in people
        ),
    )
    for table in (
        "people_region",
        "people_store",
        "people_team",
        "people_user",
        "people_employee",
    ):
        reset_sequence(table)
    ctx.facts["people"] = {
        "managers": list(range(1, scale.stores + 1)),
        "hr": [p[0] for p in people if p[1] == "hr"],
        "trainers": [p[0] for p in people if p[1] == "trainer"],
    }
