from collections import Counter
from dataclasses import dataclass

from axes.utils import reset as reset_login_failures
from django.core.exceptions import ValidationError
from django.db import transaction

from activity.services import record
from activity.snapshot import snapshot

from .divisions import Division, ProvinceDivisions, province_divisions
from .loading import SyncResult, sync_trees
from .models import Unit, UnitKind
from .proposals import level_under
from .provinces import province_specs
from .text import clean, fold


@dataclass
class ProvinceLoad:
    divisions: ProvinceDivisions
    root: Unit
    result: SyncResult

    @property
    def place(self) -> str:
        province = self.divisions.province
        return f"{province.kind} {province.name}"

    @property
    def summary(self) -> str:
        result = self.result
        return f"{result.created} đơn vị mới, {result.changed} đơn vị cập nhật, {result.aliases} tên gọi khác mới"

    def report(self) -> list[str]:
        """What the registry now holds for the province; the command and the admin page print it."""
        divisions = self.divisions
        kinds = Counter(commune.kind for commune in divisions.communes)
        lines = [
            f"{self.place[0].upper()}{self.place[1:]} (mã {divisions.province.code}): "
            f"{len(divisions.communes)} xã, phường, đặc khu ("
            + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
            + ")."
        ]
        former = [p for p in (divisions.continuing, *divisions.merged) if p is not None]
        if former:
            lines.append(
                "Trước 01/07/2025 (hoạt động đến 30/06/2025): "
                + "; ".join(
                    f"{p.division.full_name} ({len(p.districts)} đơn vị cấp huyện, "
                    f"{sum(len(d.communes) for d in p.districts)} đơn vị cấp xã)"
                    for p in former
                )
                + "."
            )
        lines.append(f"Kết quả: {self.summary}.")
        return lines


@transaction.atomic
def delete_unit(*, actor, unit: Unit) -> None:
    """Remove a unit from the registry, unless plans, tasks, accounts or other units still point to it."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    uses = [
        (unit.task_assignments.count(), "nhiệm vụ"),
        (unit.plans.count(), "kế hoạch"),
        (unit.children.count(), "đơn vị trực thuộc"),
        (unit.users.count(), "tài khoản"),
        (unit.group_memberships.count(), "cụm, khối thi đua"),
        (unit.progress_reports.count(), "báo cáo tiến độ"),
    ]
    in_use = [f"{count} {what}" for count, what in uses if count]
    if in_use:
        raise ValidationError(
            f"Không xoá được “{unit.name}” vì đơn vị đang gắn với {', '.join(in_use)}. "
            "Nếu đơn vị đã sáp nhập hoặc đổi tên, hãy ghi ngày thôi hoạt động và đơn vị kế thừa thay vì xoá."
        )
    record(
        actor=actor,
        action="unit.delete",
        summary=f"Xoá đơn vị “{unit.name}”",
        target=unit,
        before=snapshot(unit, ["name", "short_name", "kind", "level", "parent"]),
    )
    unit.delete()


@transaction.atomic
def unlock_logins(*, actor, users) -> int:
    """Let accounts locked out by failed logins (django-axes) log in again at once, from every address.

    Returns how many of the accounts had failures counted; each of those gets one activity row."""
    unlocked = 0
    for user in users:
        if reset_login_failures(username=user.get_username()):
            unlocked += 1
            record(
                actor=actor,
                action="user.login_unlock",
                summary=f"Mở khoá đăng nhập cho tài khoản {user.get_username()}",
                target=user,
            )
    return unlocked


@transaction.atomic
def load_province(*, actor, province: Division) -> ProvinceLoad:
    """Bring the registry in line with `province` as the packages describe it (units.provinces):
    create what is missing, update names, codes and dates in place, never duplicate. Logged only
    when something changed, so loading again after nothing changed leaves no trace."""
    divisions = province_divisions(province)
    trees = province_specs(divisions)
    result = sync_trees(trees)
    load = ProvinceLoad(divisions=divisions, root=trees[0].unit, result=result)
    if not result.nothing_changed:
        record(
            actor=actor,
            action="unit.load_province",
            summary=f"Nạp danh mục đơn vị của {load.place}: {load.summary}",
            target=load.root,
        )
    return load


@dataclass
class NewUnit:
    name: str
    parent: Unit
    kind: str


@transaction.atomic
def create_units(*, actor, units: list[NewUnit], context=None, source: str = "") -> list[Unit]:
    """Add several units to the registry at once, all or none, with one activity row (on
    `context`'s history too, when given: the plan whose import proposed them). Each needs a name,
    a kind the registry knows and a parent; a name its parent already has below it is refused."""
    errors = []
    wanted: dict[tuple[int, str], str] = {}
    for index, new in enumerate(units, start=1):
        name = clean(new.name)
        where = f"Đơn vị thứ {index} (“{name or new.name}”)"
        if not name:
            errors.append(f"{where}: tên đơn vị không được để trống.")
        elif len(name) > Unit._meta.get_field("name").max_length:
            errors.append(f"{where}: tên đơn vị dài quá 255 ký tự.")
        if new.kind not in UnitKind.values:
            errors.append(f"{where}: loại “{new.kind}” không có trong danh mục.")
        if new.parent is None:
            errors.append(f"{where}: hãy chọn đơn vị cấp trên.")
            continue
        key = (new.parent.pk, fold(name))
        if key in wanted:
            errors.append(
                f"{where}: trùng tên với đơn vị “{wanted[key]}” cũng đang được thêm dưới “{new.parent.name}”."
            )
        wanted[key] = name
    if not errors:
        parents = {new.parent.pk: new.parent for new in units}
        existing = Unit.objects.filter(parent_id__in=parents, search_name__in={key[1] for key in wanted})
        for parent_id, search_name, name in existing.values_list("parent_id", "search_name", "name"):
            if (parent_id, search_name) in wanted:
                errors.append(
                    f"“{parents[parent_id].name}” đã có đơn vị “{name}” trong danh mục; hãy gắn tên với đơn vị đó."
                )
    if errors:
        raise ValidationError(errors)
    if not units:
        raise ValidationError("Chưa chọn đơn vị nào để thêm.")
    made = []
    for new in units:
        unit = Unit(name=new.name, parent=new.parent, kind=new.kind, level=level_under(new.parent, new.kind))
        unit.full_clean(exclude=["parent"])
        unit.save()
        made.append(unit)
    names = ", ".join(f"“{unit.name}” (thuộc {unit.parent.name})" for unit in made)
    record(
        actor=actor,
        action="unit.create",
        summary=f"Thêm {len(made)} đơn vị vào danh mục{source}: {names}",
        target=made[0] if len(made) == 1 else made[0].parent,
        context=context,
        after={"units": [snapshot(unit, ["name", "kind", "level", "parent"]) for unit in made]},
    )
    return made
