"""The registry and the accounts as .xlsx, through django-import-export's admin screens.

Export gives the shape import takes back. Import previews first (a dry run in a transaction that
is rolled back), lists every problem by row and column in Vietnamese, and writes all rows or none
(import-export's transaction; any invalid row rolls the whole file back). One activity row per
confirmed import.

Units are found by "Mã số" (the portal's id) when the row has one, else by name under the same
parent, so importing a file twice creates nothing twice. Parent and successor are named by their
"Mã số" or, where the registry has one unit of that name, by name; a parent must exist already or
come on an earlier row, a successor may come on any row of the file.

Accounts are found by username. No password travels in a file: a new account gets an unusable
password and an e-mail with a link to set one (queued in the import's transaction, sent after the
commit).
"""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from import_export import fields, resources
from import_export.results import RowResult

from activity.services import record
from notifications.mail import queue_email

from .models import Role, Unit, UnitAlias, UnitKind, UnitLevel, User
from .text import clean, fold

ALIAS_SEPARATOR = ";"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or id typed into a number cell
    return clean(str(value))


def _choice(value, choices, column: str) -> str:
    """A choice by its Vietnamese label or its code, case and diacritics aside."""
    text = fold(_text(value))
    if not text:
        raise ValueError(f"thiếu {column.lower()}. Dùng một trong: {'; '.join(label for _, label in choices)}.")
    for code, label in choices:
        if text in (fold(code), fold(label)):
            return code
    allowed = "; ".join(label for _, label in choices)
    raise ValueError(f"“{_text(value)}” không phải {column.lower()} hợp lệ. Dùng một trong: {allowed}.")


def _day(value, column: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.strptime(_text(value), "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(f"“{_text(value)}” không phải ngày theo dạng dd/mm/yyyy (ví dụ 01/07/2025).") from None


def _id(value) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit() or len(text) > 12:
        raise ValueError(f"“{text}” không phải mã số (một số nguyên).")
    return int(text)


def _show_day(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class _RowErrors:
    """Errors of one row, keyed by the sheet's column header, each message naming row and column."""

    def __init__(self, line: int):
        self.line = line
        self.errors: dict[str, list[str]] = {}

    def add(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(f"Dòng {self.line}, cột “{column}”: {message}")

    def check(self, column: str, parse, *args):
        try:
            return parse(*args)
        except ValueError as error:
            self.add(column, str(error))
            return None

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


class _SheetResource(resources.ModelResource):
    """What both sheets share: rows parsed by our own code with Vietnamese messages (the stock
    widgets answer in English), the Excel line number in each message, one activity row."""

    # Model field -> the column its errors belong to.
    FIELD_COLUMNS: dict[str, str] = {}

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._line = 0

    def import_data(self, dataset, **kwargs):
        # All rows or none: an invalid row rolls back what the rows before it wrote.
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        self.user = self.user or kwargs.get("user")
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        missing = [column for column in self.REQUIRED_COLUMNS if column not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                "Tệp thiếu cột " + ", ".join(f"“{column}”" for column in missing) + " ở dòng tiêu đề (dòng 1). "
                "Hãy xuất danh sách hiện có ra Excel để có đúng mẫu."
            )

    def before_import_row(self, row, **kwargs):
        self._line = kwargs["row_number"] + 1  # the header is line 1

    def import_instance(self, instance, row, **kwargs):
        """Parsed and set in get_or_init_instance, which knows which row it is."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = _RowErrors(self._line)
        try:
            instance.full_clean(validate_unique=validate_unique)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    errors.add(self.FIELD_COLUMNS.get(name, "(cả dòng)"), message)
        errors.raise_any()

    def after_import(self, dataset, result, **kwargs):
        """The stock hook resets the id sequence to max(id), which would hand out ids another
        transaction has taken; our one activity row instead."""
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        counts = result.totals
        new, changed = counts[RowResult.IMPORT_TYPE_NEW], counts[RowResult.IMPORT_TYPE_UPDATE]
        saved = [row.instance for row in result.rows if getattr(row, "instance", None) is not None]
        if saved and (new or changed):
            record(
                actor=self.user,
                action=self.ACTION,
                summary=f"{self.SUMMARY}: {new} mới, {changed} cập nhật",
                target=saved[0],
            )


class UnitSheetResource(_SheetResource):
    id = fields.Field(attribute="id", column_name="Mã số")
    name = fields.Field(attribute="name", column_name="Tên đơn vị")
    short_name = fields.Field(attribute="short_name", column_name="Tên viết tắt")
    kind = fields.Field(column_name="Loại")
    level = fields.Field(column_name="Cấp")
    parent = fields.Field(column_name="Đơn vị cấp trên")
    parent_id = fields.Field(attribute="parent_id", column_name="Mã số đơn vị cấp trên")
    aliases = fields.Field(column_name="Tên gọi khác")
    active_from = fields.Field(column_name="Hoạt động từ")
    active_to = fields.Field(column_name="Hoạt động đến")
    successor = fields.Field(column_name="Đơn vị kế thừa")
    successor_id = fields.Field(attribute="successor_id", column_name="Mã số đơn vị kế thừa")
    code = fields.Field(attribute="code", column_name="Mã đơn vị hành chính")

    REQUIRED_COLUMNS = ["Tên đơn vị", "Loại", "Cấp"]
    FIELD_COLUMNS = {
        "name": "Tên đơn vị",
        "short_name": "Tên viết tắt",
        "kind": "Loại",
        "level": "Cấp",
        "parent": "Đơn vị cấp trên",
        "active_from": "Hoạt động từ",
        "active_to": "Hoạt động đến",
        "successor": "Đơn vị kế thừa",
        "code": "Mã đơn vị hành chính",
        "__all__": "Hoạt động đến",  # the one constraint: the period ends after it starts
    }
    ACTION = "unit.import_sheet"
    SUMMARY = "Nhập danh mục đơn vị từ Excel"

    class Meta:
        model = Unit
        name = "Danh mục đơn vị"
        fields = (
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
        export_order = fields
        skip_diff = True
        store_instance = True

    def get_export_queryset(self, request=None, **kwargs):
        return (
            Unit.objects.select_related("parent", "successor")
            .prefetch_related("aliases")
            .order_by("tree_root_id", "id")
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("parent", "successor").prefetch_related("aliases")

    def iter_queryset(self, queryset):
        """Parents before their children, so the exported file imports back as it is."""
        units = list(queryset)
        parent_of = {unit.pk: unit.parent_id for unit in units}

        def depth(unit):
            steps, parent = 0, parent_of.get(unit.pk)
            while parent in parent_of and steps < len(parent_of):
                steps, parent = steps + 1, parent_of[parent]
            return steps

        yield from sorted(units, key=lambda unit: (depth(unit), unit.tree_root_id or 0, unit.name, unit.pk))

    def dehydrate_kind(self, unit):
        return unit.get_kind_display()

    def dehydrate_level(self, unit):
        return unit.get_level_display()

    def dehydrate_parent(self, unit):
        return unit.parent.name if unit.parent_id else ""

    def dehydrate_successor(self, unit):
        return unit.successor.name if unit.successor_id else ""

    def dehydrate_aliases(self, unit):
        return f"{ALIAS_SEPARATOR} ".join(alias.name for alias in unit.aliases.all())

    def dehydrate_active_from(self, unit):
        return _show_day(unit.active_from)

    def dehydrate_active_to(self, unit):
        return _show_day(unit.active_to)

    # Import ------------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Names in the file, for a successor named on a later row and a parent named too late.
        self._file_names: dict[str, list[int]] = {}
        if "Tên đơn vị" in dataset.headers:
            for line, value in enumerate(dataset["Tên đơn vị"], start=2):
                self._file_names.setdefault(fold(_text(value)), []).append(line)
        self._later_successors: list[tuple[Unit, str, int]] = []

    def _named_unit(self, errors, row, name_column, id_column, *, later_allowed):
        """The unit a row names by id or by name; ("later", name) for a name on a later row."""
        unit_id = errors.check(id_column, _id, row.get(id_column))
        if unit_id is not None:
            unit = Unit.objects.filter(pk=unit_id).first()
            if unit is None:
                errors.add(id_column, f"không có đơn vị mã số {unit_id} trong danh mục.")
            return unit
        name = _text(row.get(name_column))
        if not name:
            return None
        found = list(Unit.objects.filter(search_name=fold(name))[:6])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            errors.add(
                name_column,
                f"danh mục có {len(found) if len(found) < 6 else 'nhiều'} đơn vị tên “{name}”; "
                f"hãy ghi mã số của đơn vị đúng vào cột “{id_column}”.",
            )
            return None
        lines = [line for line in self._file_names.get(fold(name), []) if line > self._line]
        if lines and later_allowed:
            return ("later", name)
        if lines:
            errors.add(name_column, f"đơn vị “{name}” ở dòng {lines[0]}, sau dòng này; hãy đặt dòng đó lên trước.")
        else:
            errors.add(name_column, f"không có đơn vị “{name}” trong danh mục hay trong tệp.")
        return None

    def get_or_init_instance(self, instance_loader, row):
        errors = _RowErrors(self._line)
        name = _text(row.get("Tên đơn vị"))
        if not name:
            errors.add("Tên đơn vị", "thiếu tên đơn vị.")
        unit_id = errors.check("Mã số", _id, row.get("Mã số"))
        parent = self._named_unit(errors, row, "Đơn vị cấp trên", "Mã số đơn vị cấp trên", later_allowed=False)
        successor = self._named_unit(errors, row, "Đơn vị kế thừa", "Mã số đơn vị kế thừa", later_allowed=True)
        kind = errors.check("Loại", _choice, row.get("Loại"), UnitKind.choices, "Loại")
        level = errors.check("Cấp", _choice, row.get("Cấp"), UnitLevel.choices, "Cấp")
        active_from = errors.check("Hoạt động từ", _day, row.get("Hoạt động từ"), "Hoạt động từ")
        active_to = errors.check("Hoạt động đến", _day, row.get("Hoạt động đến"), "Hoạt động đến")
        unit = None
        if unit_id is not None:
            unit = Unit.objects.filter(pk=unit_id).first()
            if unit is None:
                errors.add("Mã số", f"không có đơn vị mã số {unit_id}; để trống ô này khi thêm đơn vị mới.")
        elif name and "Đơn vị cấp trên" not in errors.errors and "Mã số đơn vị cấp trên" not in errors.errors:
            unit = Unit.objects.filter(name=clean(name), parent=parent).first()
        errors.raise_any()
        new = unit is None
        unit = unit or Unit()
        unit.name, unit.short_name, unit.kind, unit.level = name, _text(row.get("Tên viết tắt")), kind, level
        unit.parent, unit.active_from, unit.active_to = parent, active_from, active_to
        unit.code = _text(row.get("Mã đơn vị hành chính"))
        if isinstance(successor, tuple):
            unit.successor = None
            unit._later_successor = successor[1]
        else:
            unit.successor = successor
        if unit.pk is not None and parent is not None and self._in_subtree(parent, unit):
            errors.add(
                "Đơn vị cấp trên", f"“{parent.name}” là đơn vị cấp dưới của “{unit.name}”: cấp trên sẽ thành vòng lặp."
            )
        if unit.pk is not None and unit.successor_id == unit.pk:
            errors.add("Đơn vị kế thừa", "đơn vị không thể kế thừa chính nó.")
        errors.raise_any()
        unit._sheet_aliases = [clean(alias) for alias in _text(row.get("Tên gọi khác")).split(ALIAS_SEPARATOR)]
        return unit, new

    @staticmethod
    def _in_subtree(candidate: Unit, unit: Unit) -> bool:
        seen = set()
        while candidate is not None and candidate.pk not in seen:
            if candidate.pk == unit.pk:
                return True
            seen.add(candidate.pk)
            candidate = candidate.parent
        return False

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.save()
        known = set(instance.aliases.values_list("search_name", flat=True)) if not is_create else set()
        for alias in instance._sheet_aliases:
            if alias and fold(alias) not in known and fold(alias) != instance.search_name:
                known.add(fold(alias))
                UnitAlias.objects.create(unit=instance, name=alias)
        later = getattr(instance, "_later_successor", None)
        if later:
            self._later_successors.append((instance, later, self._line))

    def after_import(self, dataset, result, **kwargs):
        for unit, name, line in self._later_successors:
            found = list(Unit.objects.filter(search_name=fold(name)).exclude(pk=unit.pk)[:2])
            if len(found) != 1:
                message = f"Dòng {line}, cột “Đơn vị kế thừa”: không xác định được một đơn vị “{name}”."
                result.append_invalid_row(line - 1, {}, ValidationError({"Đơn vị kế thừa": [message]}))
                continue
            Unit.objects.filter(pk=unit.pk).update(successor=found[0])
        super().after_import(dataset, result, **kwargs)


ROLE_CHOICES = [(code, label) for code, label in Role.choices if code != Role.ADMIN]


class AccountSheetResource(_SheetResource):
    username = fields.Field(attribute="username", column_name="Tên đăng nhập")
    full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
    email = fields.Field(attribute="email", column_name="Thư điện tử")
    unit = fields.Field(column_name="Đơn vị")
    unit_id = fields.Field(attribute="unit_id", column_name="Mã số đơn vị")
    role = fields.Field(column_name="Vai trò")

    REQUIRED_COLUMNS = ["Tên đăng nhập", "Họ và tên", "Thư điện tử", "Vai trò"]
    FIELD_COLUMNS = {
        "username": "Tên đăng nhập",
        "full_name": "Họ và tên",
        "email": "Thư điện tử",
        "unit": "Đơn vị",
        "role": "Vai trò",
        "__all__": "Đơn vị",  # the one constraint: a unit officer belongs to a unit
    }
    ACTION = "user.import_sheet"
    SUMMARY = "Nhập tài khoản từ Excel"

    class Meta:
        model = User
        name = "Tài khoản"
        fields = ("username", "full_name", "email", "unit", "unit_id", "role")
        export_order = fields
        skip_diff = True
        store_instance = True

    def get_export_queryset(self, request=None, **kwargs):
        return User.objects.select_related("unit").order_by("username")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("unit")

    def dehydrate_unit(self, user):
        return user.unit.name if user.unit_id else ""

    def dehydrate_role(self, user):
        return user.get_role_display()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._new_accounts: list[User] = []

    def get_or_init_instance(self, instance_loader, row):
        errors = _RowErrors(self._line)
        username = _text(row.get("Tên đăng nhập"))
        if not username:
            errors.add("Tên đăng nhập", "thiếu tên đăng nhập.")
        email = _text(row.get("Thư điện tử"))
        role = errors.check("Vai trò", _choice, row.get("Vai trò"), ROLE_CHOICES, "Vai trò")
        unit = None
        unit_id = errors.check("Mã số đơn vị", _id, row.get("Mã số đơn vị"))
        unit_name = _text(row.get("Đơn vị"))
        if unit_id is not None:
            unit = Unit.objects.filter(pk=unit_id).first()
            if unit is None:
                errors.add("Mã số đơn vị", f"không có đơn vị mã số {unit_id} trong danh mục.")
        elif unit_name:
            found = list(Unit.objects.filter(search_name=fold(unit_name))[:2])
            if len(found) == 1:
                unit = found[0]
            elif found:
                errors.add(
                    "Đơn vị", f"danh mục có nhiều đơn vị tên “{unit_name}”; hãy ghi mã số vào cột “Mã số đơn vị”."
                )
            else:
                errors.add("Đơn vị", f"không có đơn vị “{unit_name}” trong danh mục.")
        user = User.objects.filter(username=username).first() if username else None
        if user is not None and (user.is_superuser or user.role == Role.ADMIN):
            errors.add("Tên đăng nhập", f"“{username}” là tài khoản quản trị; chỉ sửa được trong trang quản trị.")
        if not email and user is None:
            errors.add("Thư điện tử", "tài khoản mới cần thư điện tử để nhận đường dẫn đặt mật khẩu.")
        errors.raise_any()
        new = user is None
        if new:
            user = User(username=username)
            user.set_unusable_password()
        user.full_name, user.email, user.role, user.unit = _text(row.get("Họ và tên")), email, role, unit
        return user, new

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.save()
        if is_create:
            self._new_accounts.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        for user in self._new_accounts:
            send_set_password_email(user)


def set_password_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("set_password", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})
    return settings.PORTAL_URL.rstrip("/") + path


def send_set_password_email(user: User) -> None:
    """The link a new account sets its own password with (Django's reset token: one use, it
    expires after PASSWORD_RESET_TIMEOUT). Queued in the caller's transaction."""
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    queue_email(
        to=[user.email],
        subject="Tài khoản Cổng thi đua, khen thưởng: đặt mật khẩu",
        body=(
            f"Chào {user.full_name or user.username},\n\n"
            f"Tài khoản “{user.username}” của bạn trên Cổng thi đua, khen thưởng đã được tạo. "
            f"Hãy đặt mật khẩu tại đường dẫn sau (dùng được một lần, trong {days} ngày):\n\n"
            f"{set_password_url(user)}\n\n"
            "Nếu bạn không đề nghị tạo tài khoản này, hãy bỏ qua thư."
        ),
    )
