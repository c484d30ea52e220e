"""Bilingual demo organisation: 2 regions, 4 stores, 30 staff, one login per
role. Idempotent: run it again and nothing is duplicated."""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import Employee, Position, Region, Store, Team, User
from .roles import Role

DEMO_PASSWORD = "demo-Service-2026"
REGIONS = [("east", "华东区", "East China"), ("south", "华南区", "South China")]
STORES = [
    ("sh01", "上海南京路店", "Shanghai Nanjing Road", "east"),
    ("hz01", "杭州西湖店", "Hangzhou West Lake", "east"),
    ("gz01", "广州天河店", "Guangzhou Tianhe", "south"),
    ("sz01", "深圳福田店", "Shenzhen Futian", "south"),
]
TEAMS = [("front", "前台组", "Front desk team"), ("phone", "热线组", "Hotline team")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红亮"
# (email, number, name, position, store, team, role, language)
ROLE_LOGINS = [
    (
        "staff@demo.local",
        "E0001",
        "王小芳",
        Position.FRONT_DESK,
        "sh01",
        "front",
        Role.STAFF,
        "zh-hans",
    ),
    (
        "manager@demo.local",
        "M0001",
        "李建国",
        Position.STORE_MANAGER,
        "sh01",
        None,
        Role.MANAGER,
        "zh-hans",
    ),
    (
        "trainer@demo.local",
        "T0001",
        "Emma Chen 陈爱玛",
        Position.TRAINER,
        None,
        None,
        Role.TRAINER,
        "en",
    ),
    ("hr@demo.local", "H0001", "张慧", Position.HR, None, None, Role.HR, "zh-hans"),
]


def _user(email, name, language, role, *, superuser=False):
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": name, "language": language}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = superuser
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def seed() -> dict:
    regions = {
        code: Region.objects.update_or_create(
            code=code, defaults={"name": zh, "name_en": en}
        )[0]
        for code, zh, en in REGIONS
    }
    stores, teams = {}, {}
    for code, zh, en, region in STORES:
        stores[code] = Store.objects.update_or_create(
            code=code, defaults={"name": zh, "name_en": en, "region": regions[region]}
        )[0]
        for tcode, tzh, ten in TEAMS:
            teams[(code, tcode)] = Team.objects.update_or_create(
                code=f"{code}-{tcode}",
                defaults={
                    "name": f"{zh}{tzh}",
                    "name_en": f"{en} {ten}",
                    "store": stores[code],
                },
            )[0]
    employees = {}
    for email, number, name, position, store, team, role, language in ROLE_LOGINS:
        user = _user(email, name, language, role)
        employees[number] = Employee.objects.update_or_create(
            number=number,
            defaults={
                "user": user,
                "name": name,
                "position": position,
                "store": stores.get(store),
                "team": teams.get((store, team)),
                "hire_date": dt.date(2022, 3, 1),
            },
        )[0]
    _user("admin@demo.local", "Admin", "en", Role.HR, superuser=True)
    managers = {"sh01": employees["M0001"]}
    for i, code in enumerate(("hz01", "gz01", "sz01"), start=2):
        number = f"M000{i}"
        user = _user(
            f"{number.lower()}@demo.local", f"店长{i}", "zh-hans", Role.MANAGER
        )
        managers[code] = Employee.objects.update_or_create(
            number=number,
            defaults={
                "user": user,
                "name": SURNAMES[i] + "店长",
                "position": Position.STORE_MANAGER,
                "store": stores[code],
                "hire_date": dt.date(2019, 5, 1),
            },
        )[0]
    employees["E0001"].manager = managers["sh01"]
    employees["E0001"].save(update_fields=["manager"])
    positions = [
        Position.FRONT_DESK,
        Position.CALL_CENTRE_AGENT,
        Position.TELLER,
        Position.SALES,
    ]
    store_codes = [s[0] for s in STORES]
    for i in range(2, 31):
        number = f"E{i:04d}"
        store = store_codes[i % 4]
        team = TEAMS[i % 2][0]
        name = (
            SURNAMES[i % len(SURNAMES)]
            + GIVEN[(i * 7) % len(GIVEN)]
            + GIVEN[i % len(GIVEN)]
        )
        user = _user(
            f"{number.lower()}@demo.local",
            name,
            "en" if i % 5 == 0 else "zh-hans",
            Role.STAFF,
        )
        employees[number] = Employee.objects.update_or_create(
            number=number,
            defaults={
                "user": user,
                "name": name,
                "position": positions[i % 4],
                "store": stores[store],
                "team": teams[(store, team)],
                "manager": managers[store],
                "hire_date": dt.date(2023, 1, 1) + dt.timedelta(days=37 * i),
            },
        )[0]
    return {
        "employees": employees,
        "stores": stores,
        "teams": teams,
        "managers": managers,
    }
