import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from people.models import Employee
from people.roster import roster_import
from tests.factories import StoreFactory, TeamFactory

pytestmark = pytest.mark.django_db

HEADER = "employee_number,name,email,position,store,team,manager_number,hire_date,status,language\n"


def csv_file(body: str, name="roster.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, (HEADER + body).encode(encoding), "text/csv")


@pytest.fixture
def org():
    store = StoreFactory(code="sh01")
    TeamFactory(code="sh01-front", store=store)
    StoreFactory(code="gz01")
    return store


GOOD = (
    "M100,李建国,m100@example.com,store_manager,sh01,,,2020-01-02,active,zh-hans\n"
    "E100,王小芳,e100@example.com,front_desk,sh01,sh01-front,M100,2023-05-01,active,en\n"
    "E101,陈静,e101@example.com,前台接待,sh01,,M100,,在职,中文\n"
)


def test_good_file_creates_employees_with_managers_and_roles(org):
    """A valid roster creates users, employees, manager links and role groups."""
    result = roster_import(uploaded=csv_file(GOOD))
    assert result.ok, result.errors
    assert len(result.created) == 3
    e100 = Employee.objects.select_related("manager", "user").get(number="E100")
    assert e100.manager.number == "M100"
    assert e100.user.language == "en"
    assert not e100.user.has_usable_password()
    assert Employee.objects.get(number="E101").position == "front_desk"
    assert (
        Employee.objects.get(number="M100").user.groups.filter(name="manager").exists()
    )


def test_same_file_twice_changes_nothing(org):
    """Re-importing the same roster leaves the same state and reports it unchanged."""
    roster_import(uploaded=csv_file(GOOD))
    before = list(Employee.objects.order_by("pk").values())
    again = roster_import(uploaded=csv_file(GOOD))
    assert again.ok and again.created == [] and again.updated == 0
    assert again.unchanged == 3
    assert list(Employee.objects.order_by("pk").values()) == before


def test_changed_row_updates_by_number(org):
    """A changed row updates that employee only."""
    roster_import(uploaded=csv_file(GOOD))
    changed = GOOD.replace("E101,陈静", "E101,陈静怡").replace(
        ",sh01,,M100,,在职", ",gz01,,M100,,离职"
    )
    result = roster_import(uploaded=csv_file(changed))
    assert result.ok and result.updated == 1 and result.unchanged == 2
    e101 = Employee.objects.select_related("user").get(number="E101")
    assert (e101.name, e101.store.code, e101.status) == ("陈静怡", "gz01", "left")
    assert not e101.user.is_active


def test_one_bad_row_imports_nothing_and_names_row_column_reason(org):
    """Any bad row means nothing is written; every problem is reported by row and column."""
    bad = GOOD + (
        "E102,,e102@example.com,front_desk,sh01,,,,,\n"  # row 5: missing name
        "E103,赵六,not-an-email,pilot,xx99,,E999,2023-13-45,maybe,fr\n"  # row 6
        "E100,重复,dup@example.com,front_desk,sh01,,,,,\n"  # row 7: duplicate number
    )
    result = roster_import(uploaded=csv_file(bad))
    assert Employee.objects.count() == 0
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (5, "name"),
        (6, "email"),
        (6, "position"),
        (6, "store"),
        (6, "hire_date"),
        (6, "status"),
        (6, "language"),
        (6, "manager"),
        (7, "number"),
    } <= found


def test_xlsx_with_chinese_headers(org):
    """XLSX files with Chinese headers import the same way."""
    book = Workbook()
    sheet = book.active
    sheet.append(["工号", "姓名", "邮箱", "岗位", "门店"])
    sheet.append(["E200", "孙丽", "e200@example.com", "teller", "sh01"])
    buf = io.BytesIO()
    book.save(buf)
    result = roster_import(uploaded=SimpleUploadedFile("r.xlsx", buf.getvalue()))
    assert result.ok, result.errors
    assert Employee.objects.filter(number="E200", position="teller").exists()


def test_gb18030_csv_is_read(org):
    """CSV saved by Chinese Excel (GB18030) is decoded."""
    result = roster_import(uploaded=csv_file(GOOD, encoding="gb18030"))
    assert result.ok, result.errors
    assert Employee.objects.get(number="M100").name == "李建国"


def test_wrong_file_type_is_refused(org):
    """A file that is neither CSV nor XLSX is refused with a clear message."""
    result = roster_import(uploaded=SimpleUploadedFile("r.pdf", b"%PDF-1.4"))
    assert not result.ok and "csv" in result.errors[0].reason.lower()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Unknown store code"), ("zh-hans", "未知的门店编码")],
)
def test_upload_page_reports_errors_in_users_language(
    org, hr, login, language, expected
):
    """HR sees row errors in their own language and the page answers 400."""
    hr.user.language = language
    hr.user.save()
    client = login(hr)
    bad = "E300,钱七,e300@example.com,front_desk,nowhere,,,,,\n"
    response = client.post(reverse("people:roster_upload"), {"file": csv_file(bad)})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Employee.objects.filter(number="E300").exists()


def test_upload_sends_invitations_in_employee_language(
    org, hr, login, mailoutbox, django_capture_on_commit_callbacks
):
    """New employees get a set-password invitation in their language."""
    client = login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:roster_upload"), {"file": csv_file(GOOD)}
        )
    assert response.status_code == 200
    assert len(mailoutbox) == 3
    by_to = {m.to[0]: m for m in mailoutbox}
    assert "set your password" in by_to["e100@example.com"].subject
    assert "设置密码" in by_to["m100@example.com"].subject
    assert "/accounts/password/reset/key/" in by_to["e100@example.com"].body
    assert Employee.objects.filter(invited_at__isnull=False).count() == 3


def test_hr_adds_one_employee_through_roster_rules(
    org, hr, login, mailoutbox, django_capture_on_commit_callbacks
):
    """HR's add-employee form creates the employee and sends the invitation."""
    client = login(hr)
    data = {
        "number": "E400",
        "name": "周杰",
        "email": "e400@example.com",
        "position": "teller",
        "store": "sh01",
        "team": "sh01-front",
        "manager": "",
        "hire_date": "2026-01-05",
        "language": "zh-hans",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:employee_create"), data)
    assert response.status_code == 302
    assert Employee.objects.filter(number="E400", team__code="sh01-front").exists()
    assert len(mailoutbox) == 1


def test_add_employee_with_taken_email_is_refused(org, hr, staff, login):
    """A duplicate email is refused on the form with the roster's reason; nothing is created."""
    client = login(hr)
    data = {
        "number": "E401",
        "name": "吴敏",
        "email": staff.user.email,
        "position": "teller",
        "store": "sh01",
    }
    response = client.post(reverse("people:employee_create"), data)
    assert response.status_code == 400
    assert "belongs to employee" in response.content.decode()
    assert not Employee.objects.filter(number="E401").exists()


ROLE_HEADER = HEADER.rstrip("\n") + ",role\n"


def role_file(body: str):
    return SimpleUploadedFile("r.csv", (ROLE_HEADER + body).encode(), "text/csv")


def _roles(number):
    user = Employee.objects.get(number=number).user
    return set(user.groups.values_list("name", flat=True))


def test_role_column_sets_roles_exactly(org):
    """A role cell sets the roles exactly: a later file takes one away as well
    as adding; several roles may share a cell; an empty cell leaves the
    roles (plus the position's default); other groups stay."""
    from django.contrib.auth.models import Group

    row = "T1,周培训,t1@example.com,trainer,sh01,,,,active,en,{}\n"
    assert roster_import(uploaded=role_file(row.format("trainer;hr"))).ok
    assert _roles("T1") == {"trainer", "hr"}
    lead = Group.objects.get_or_create(name="lead_trainer")[0]
    Employee.objects.get(number="T1").user.groups.add(lead)

    result = roster_import(uploaded=role_file(row.format("trainer")))
    assert result.ok and result.updated == 1
    assert _roles("T1") == {"trainer", "lead_trainer"}
    result = roster_import(uploaded=role_file(row.format("")))
    assert result.ok and result.unchanged == 1
    assert _roles("T1") == {"trainer", "lead_trainer"}
    assert roster_import(uploaded=role_file(row.format("员工"))).ok
    assert _roles("T1") == {"staff", "lead_trainer"}


def test_unknown_role_imports_nothing(org):
    row = "T2,周培训,t2@example.com,trainer,sh01,,,,active,en,trainer|pilot\n"
    result = roster_import(uploaded=role_file(row))
    assert not result.ok and result.errors[0].column == "role"
    assert not Employee.objects.filter(number="T2").exists()


def test_row_limit_refuses_a_long_file(org, settings):
    settings.ROSTER_MAX_ROWS = 2
    result = roster_import(uploaded=csv_file(GOOD))
    assert not result.ok and "more than 2 rows" in result.errors[0].reason
    assert not Employee.objects.exists()


def test_xlsx_expanding_beyond_the_cap_is_refused_unparsed(org, settings):
    """A small workbook whose cells unzip to more than the cap (a zip bomb)
    is refused from its zip directory, before openpyxl reads a row."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for i in range(300):
        sheet.append([f"E{i}", "x" * 200, f"e{i}@example.com"])
    buffer = io.BytesIO()
    book.save(buffer)
    settings.XLSX_MAX_EXPANDED_BYTES = 20_000
    data = buffer.getvalue()
    assert len(data) < 20_000
    result = roster_import(
        uploaded=SimpleUploadedFile("bomb.xlsx", data, "application/octet-stream")
    )
    assert not result.ok and "expands to more than" in result.errors[0].reason


def test_oversized_upload_is_refused_by_the_form(settings):
    from people.forms import RosterUploadForm

    settings.ROSTER_MAX_UPLOAD_BYTES = 100
    form = RosterUploadForm(
        data={}, files={"file": SimpleUploadedFile("r.csv", b"x" * 101, "text/csv")}
    )
    assert not form.is_valid() and "larger than" in str(form.errors)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_roster_template_lists_codes_and_imports_as_is(hr, login, store, language):
    """The XLSX template is headed in the viewer's language, lists the valid
    codes on its second sheet, and its example row imports unchanged; the
    CSV has the same columns."""
    from openpyxl import load_workbook

    TeamFactory(store=store, code="T-TPL")
    hr.user.language = language
    hr.user.save(update_fields=["language"])
    client = login(hr, mfa=True)
    response = client.get(reverse("people:roster_template", args=["xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    roster, listing = book.worksheets
    header = [c.value for c in roster[1]]
    assert header[0] == ("工号" if language == "zh-hans" else "employee_number")
    codes = {(row[0].value, row[1].value) for row in listing.iter_rows(min_row=2)}
    store_kind = "门店" if language == "zh-hans" else "Store"
    assert (store_kind, store.code) in codes
    assert any(code == "T-TPL" for _kind, code in codes)
    csv_response = client.get(reverse("people:roster_template", args=["csv"]))
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == header
    upload = SimpleUploadedFile(
        "roster.xlsx",
        response.content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    result = client.post(reverse("people:roster_upload"), {"file": upload})
    assert result.status_code == 200, result.content.decode()[:500]
    assert Employee.objects.filter(number="E9001", store=store).exists()


@pytest.mark.parametrize("n", [2, 12])
def test_rows_naming_a_manager_on_file_cost_no_query_each(
    org, n, django_assert_max_num_queries
):
    """A file of staff reporting to a manager already on file (not in the
    file) links them without a lookup per row: an update costs the same
    whatever the number of rows."""
    boss = "M100,李建国,m100@example.com,store_manager,sh01,,,,active,zh-hans\n"
    assert roster_import(uploaded=csv_file(boss)).ok
    rows = "".join(
        f"E{i},员工{i},e{i}@example.com,front_desk,sh01,,M100,,active,\n"
        for i in range(n)
    )
    assert roster_import(uploaded=csv_file(rows)).ok  # created, linked
    renamed = rows.replace("员工", "店员")
    with django_assert_max_num_queries(12 + 2 * n):
        result = roster_import(uploaded=csv_file(renamed))
    assert result.ok and result.updated == n
    assert set(
        Employee.objects.filter(number__startswith="E").values_list(
            "manager__number", flat=True
        )
    ) == {"M100"}
