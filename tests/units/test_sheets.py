"""The registry and accounts as .xlsx in the admin: export, preview, errors by row and column,
all rows or none, and a set-password link instead of a password."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from activity.models import ActivityLog
from notifications.models import OutgoingEmail
from tests.factories import ProvinceFactory, UnitFactory, UserFactory
from units.models import Role, Unit, UnitAlias, User

pytestmark = pytest.mark.django_db

UNIT_HEADERS = [
    "Mã số",
    "Tên đơn vị",
    "Tên viết tắt",
    "Loại",
    "Cấp",
    "Đơn vị cấp trên",
    "Mã số đơn vị cấp trên",
    "Tên gọi khác",
    "Hoạt động từ",
    "Hoạt động đến",
    "Đơn vị kế thừa",
    "Mã số đơn vị kế thừa",
    "Mã đơn vị hành chính",
]
ACCOUNT_HEADERS = ["Tên đăng nhập", "Họ và tên", "Thư điện tử", "Đơn vị", "Mã số đơn vị", "Vai trò"]


def workbook(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def preview(client, model, data: bytes) -> str:
    upload = SimpleUploadedFile("danh-muc.xlsx", data)
    response = client.post(f"/quan-tri/units/{model}/import/", {"import_file": upload, "format": "0", "resource": "0"})
    assert response.status_code == 200
    return response.content.decode()


def confirm(client, model, page: str):
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    assert "import_file_name" in fields, "no confirm form: the preview found problems"
    return client.post(f"/quan-tri/units/{model}/process_import/", fields)


def unit_row(name, kind="Sở, ban, ngành", level="Tỉnh", parent="", **cells):
    values = {"Tên đơn vị": name, "Loại": kind, "Cấp": level, "Đơn vị cấp trên": parent, **cells}
    return [values.get(header, "") for header in UNIT_HEADERS]


def test_new_units_are_previewed_then_written_with_aliases_dates_and_a_successor_named_later(admin_client):
    root = ProvinceFactory(name="Ủy ban nhân dân tỉnh Thử Nghiệm")
    data = workbook(
        UNIT_HEADERS,
        [
            unit_row(
                "Sở Giao thông vận tải",
                parent=root.name,
                **{"Hoạt động đến": "28/02/2025", "Đơn vị kế thừa": "Sở Xây dựng", "Tên gọi khác": "Sở GTVT; SGTVT"},
            ),
            unit_row("Sở Xây dựng", "so_nganh", "tinh", root.name, **{"Hoạt động từ": datetime.datetime(2025, 3, 1)}),
            unit_row("Phòng Quản lý hạ tầng", "Phòng, ban chuyên môn", "tinh", "Sở Xây dựng"),
        ],
    )
    page = preview(admin_client, "unit", data)
    assert page.count('<tr class="new">') == 3
    assert Unit.objects.count() == 1  # the preview writes nothing
    response = confirm(admin_client, "unit", page)
    assert response.status_code == 302
    old, new = Unit.objects.get(name="Sở Giao thông vận tải"), Unit.objects.get(name="Sở Xây dựng")
    assert (old.parent, old.active_to, old.successor, new.active_from) == (
        root,
        datetime.date(2025, 2, 28),
        new,
        datetime.date(2025, 3, 1),
    )
    assert sorted(UnitAlias.objects.filter(unit=old).values_list("name", flat=True)) == ["SGTVT", "Sở GTVT"]
    assert Unit.objects.get(name="Phòng Quản lý hạ tầng").tree_root == root
    log = ActivityLog.objects.get(action="unit.import_sheet")
    assert log.summary == "Nhập danh mục đơn vị từ Excel: 3 mới, 0 cập nhật"


def test_export_gives_the_shape_import_takes_and_importing_it_again_creates_nothing(admin_client):
    root = ProvinceFactory(name="Ủy ban nhân dân tỉnh Thử Nghiệm")
    office = UnitFactory(name="Sở Nội vụ", parent=root, active_from=datetime.date(2025, 3, 1))
    UnitAlias.objects.create(unit=office, name="SNV")
    response = admin_client.post(
        "/quan-tri/units/unit/export/",
        {
            "format": "0",
            "resource": "0",
            **{
                f"unitsheetresource_{name}": "on"
                for name in (
                    "id",
                    "name",
                    "short_name",
                    "kind",
                    "level",
                    "parent",
                    "parent_id",
                    "aliases",
                    "active_from",
                    "active_to",
                    "successor",
                    "successor_id",
                    "code",
                )
            },
        },
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == UNIT_HEADERS
    assert rows[2][1:10] == [
        "Sở Nội vụ",
        None,
        "Sở, ban, ngành",
        "Tỉnh",
        root.name,
        str(root.pk),
        "SNV",
        "01/03/2025",
        None,
    ]
    page = preview(admin_client, "unit", response.content)
    assert page.count('<tr class="update">') == 2
    confirm(admin_client, "unit", page)
    assert (Unit.objects.count(), UnitAlias.objects.count()) == (2, 1)


@pytest.mark.parametrize(
    "rows,message",
    [
        (
            [unit_row("Sở A", kind="Bộ", parent="Ủy ban nhân dân tỉnh Thử Nghiệm")],
            "Dòng 2, cột “Loại”: “Bộ” không phải loại hợp lệ. Dùng một trong: Ủy ban nhân dân;",
        ),
        (
            [unit_row("Sở A", level="Thôn", parent="Ủy ban nhân dân tỉnh Thử Nghiệm")],
            "Dòng 2, cột “Cấp”: “Thôn” không phải cấp hợp lệ. Dùng một trong: Trung ương; Tỉnh; Huyện; Xã.",
        ),
        (
            [unit_row("Sở A", parent="Ủy ban nhân dân tỉnh Thử Nghiệm", **{"Đơn vị kế thừa": "Sở Không Có"})],
            "Dòng 2, cột “Đơn vị kế thừa”: không có đơn vị “Sở Không Có” trong danh mục hay trong tệp.",
        ),
        (
            [unit_row("Sở A", parent="Sở B"), unit_row("Sở B", parent="Ủy ban nhân dân tỉnh Thử Nghiệm")],
            "Dòng 2, cột “Đơn vị cấp trên”: đơn vị “Sở B” ở dòng 3, sau dòng này; hãy đặt dòng đó lên trước.",
        ),
        (
            [unit_row("Sở A", parent="Ủy ban nhân dân tỉnh Thử Nghiệm", **{"Hoạt động từ": "31/02/2025"})],
            "Dòng 2, cột “Hoạt động từ”: “31/02/2025” không phải ngày theo dạng dd/mm/yyyy (ví dụ 01/07/2025).",
        ),
        (
            [
                unit_row(
                    "Sở A",
                    parent="Ủy ban nhân dân tỉnh Thử Nghiệm",
                    **{"Hoạt động từ": "01/07/2025", "Hoạt động đến": "30/06/2025"},
                )
            ],
            "Dòng 2, cột “Hoạt động đến”: Ngày kết thúc hoạt động phải sau ngày bắt đầu.",
        ),
        (
            [unit_row("Sở A", kind="", parent="Ủy ban nhân dân tỉnh Thử Nghiệm")],
            "Dòng 2, cột “Loại”: thiếu loại. Dùng một trong: Ủy ban nhân dân;",
        ),
    ],
    ids=["kind", "level", "successor", "parent-later", "date", "period", "no-kind"],
)
def test_bad_unit_rows_are_named_by_row_and_column_and_nothing_is_written(admin_client, rows, message):
    ProvinceFactory(name="Ủy ban nhân dân tỉnh Thử Nghiệm")
    good = unit_row("Sở Tốt", parent="Ủy ban nhân dân tỉnh Thử Nghiệm")
    page = preview(admin_client, "unit", workbook(UNIT_HEADERS, [*rows, good]))
    assert message in page.replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&quot;", '"')
    assert 'name="import_file_name"' not in page  # no confirm button
    assert Unit.objects.count() == 1


def test_a_parent_cycle_is_refused(admin_client):
    root = ProvinceFactory(name="Ủy ban nhân dân tỉnh Thử Nghiệm")
    upper = UnitFactory(name="Sở Trên", parent=root)
    lower = UnitFactory(name="Phòng Dưới", parent=upper)
    row = unit_row("Sở Trên", **{"Mã số": upper.pk, "Mã số đơn vị cấp trên": lower.pk})
    page = preview(admin_client, "unit", workbook(UNIT_HEADERS, [row]))
    assert "Dòng 2, cột “Đơn vị cấp trên”: “Phòng Dưới” là đơn vị cấp dưới của “Sở Trên”" in page.replace(
        "&ldquo;", "“"
    ).replace("&rdquo;", "”")
    upper.refresh_from_db()
    assert upper.parent == root


def test_a_missing_header_says_which(admin_client):
    page = preview(admin_client, "unit", workbook(["Tên đơn vị", "Loại"], [["Sở A", "Khác"]]))
    assert "Tệp thiếu cột “Cấp” ở dòng tiêu đề (dòng 1)" in page.replace("&ldquo;", "“").replace("&rdquo;", "”")


def test_new_accounts_get_a_set_password_link_never_a_password(admin_client, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    unit = UnitFactory(name="Sở Giáo dục và Đào tạo Thử", parent=ProvinceFactory())
    existing = UserFactory(username="cu", role=Role.UNIT_OFFICER, unit=unit)
    data = workbook(
        ACCOUNT_HEADERS,
        [
            ["moi.gddt", "Nguyễn Thị Mới", "moi@example.vn", unit.name, "", "Cán bộ đơn vị"],
            ["cu", "Trần Văn Cũ", "cu@example.vn", "", unit.pk, "plan_editor"],
        ],
    )
    page = preview(admin_client, "user", data)
    assert (page.count('<tr class="new">'), page.count('<tr class="update">')) == (1, 1)
    assert not User.objects.filter(username="moi.gddt").exists()
    assert confirm(admin_client, "user", page).status_code == 302
    new = User.objects.get(username="moi.gddt")
    assert (new.full_name, new.unit, new.role, new.has_usable_password()) == (
        "Nguyễn Thị Mới",
        unit,
        Role.UNIT_OFFICER,
        False,
    )
    existing.refresh_from_db()
    assert (existing.role, existing.full_name, existing.check_password("mat-khau-thu")) == (
        Role.PLAN_EDITOR,
        "Trần Văn Cũ",
        True,
    )
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.to == "moi@example.vn"
    link = re.search(r"http://\S+/dat-mat-khau/\S+/", outgoing.body)[0]
    path = link.split("8000", 1)[1] if "8000" in link else link
    form = client.get(path, follow=True)
    assert "Đặt mật khẩu" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": "Thi-dua-2026!", "new_password2": "Thi-dua-2026!"},
        follow=True,
    )
    assert "Đã đặt mật khẩu" in done.content.decode()
    new.refresh_from_db()
    assert new.check_password("Thi-dua-2026!")
    # The link is used up.
    assert "không còn dùng được" in client.get(path, follow=True).content.decode()
    assert ActivityLog.objects.filter(action="user.import_sheet").count() == 1
    assert mail.outbox == [] or all("mat-khau" not in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    "row,message",
    [
        (
            ["x", "X", "x@example.vn", "Sở Không Có", "", "Cán bộ đơn vị"],
            "Dòng 2, cột “Đơn vị”: không có đơn vị “Sở Không Có” trong danh mục.",
        ),
        (
            ["x", "X", "x@example.vn", "", "", "Cán bộ đơn vị"],
            "Dòng 2, cột “Đơn vị”: Cán bộ đơn vị phải thuộc một đơn vị.",
        ),
        (
            ["x", "X", "x@example.vn", "", "", "Quản trị hệ thống"],
            "Dòng 2, cột “Vai trò”: “Quản trị hệ thống” không phải vai trò hợp lệ.",
        ),
        (
            ["x", "X", "", "", "", "Cán bộ Sở/Phòng Nội vụ (soạn kế hoạch)"],
            "Dòng 2, cột “Thư điện tử”: tài khoản mới cần thư điện tử",
        ),
        (
            ["quantri", "X", "q@example.vn", "", "", "Thành viên Hội đồng TĐKT"],
            "Dòng 2, cột “Tên đăng nhập”: “quantri” là tài khoản quản trị",
        ),
    ],
    ids=["unknown-unit", "officer-without-unit", "admin-role", "no-email", "admin-account"],
)
def test_bad_account_rows_are_refused_by_row_and_column(admin_client, row, message):
    before = User.objects.count()
    ok = ["ok.user", "Người Đúng", "ok@example.vn", "", "", "Thành viên Hội đồng TĐKT"]
    page = preview(admin_client, "user", workbook(ACCOUNT_HEADERS, [row, ok]))
    assert message in page.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert 'name="import_file_name"' not in page
    assert User.objects.count() == before
    assert not OutgoingEmail.objects.exists()


def test_exported_accounts_carry_no_password(admin_client):
    UserFactory(
        username="bn.gddt", full_name="Lê Văn Thử", role=Role.UNIT_OFFICER, unit=UnitFactory(parent=ProvinceFactory())
    )
    response = admin_client.post(
        "/quan-tri/units/user/export/",
        {
            "format": "0",
            "resource": "0",
            **{
                f"accountsheetresource_{name}": "on"
                for name in ("username", "full_name", "email", "unit", "unit_id", "role")
            },
        },
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == tuple(ACCOUNT_HEADERS)
    assert not any("pbkdf2" in str(cell) for row in rows for cell in row)


def test_only_admins_import_and_export(client):
    client.force_login(UserFactory(role=Role.PLAN_EDITOR, is_staff=True))
    assert client.get("/quan-tri/units/unit/import/").status_code == 403
    assert client.get("/quan-tri/units/user/export/").status_code == 403
