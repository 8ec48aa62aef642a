import re

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .text import clean, fold


class UnitKind(models.TextChoices):
    PEOPLES_COMMITTEE = "ubnd", "Ủy ban nhân dân"
    PEOPLES_COUNCIL = "hdnd", "Hội đồng nhân dân"
    PARTY = "dang", "Cơ quan Đảng"
    DEPARTMENT = "so_nganh", "Sở, ban, ngành"
    OFFICE = "phong", "Phòng, ban chuyên môn"
    COUNCIL = "hoi_dong", "Hội đồng"
    MASS_ORGANISATION = "doan_the", "Đoàn thể, tổ chức chính trị - xã hội"
    PRESS = "bao_dai", "Báo, đài, cơ quan truyền thông"
    SCHOOL = "truong", "Trường học"
    ENTERPRISE = "doanh_nghiep", "Doanh nghiệp"
    OTHER = "khac", "Khác"


# "Ủy ban nhân dân tỉnh Hưng Yên" in folded form: the level word and the place it governs.
_COMMITTEE_NAME = re.compile(
    r"^(?:uy ban nhan dan|ubnd) (thanh pho|thi xa|thi tran|tinh|huyen|quan|xa|phuong|dac khu) (.+)$"
)


class UnitLevel(models.TextChoices):
    CENTRAL = "trung_uong", "Trung ương"
    PROVINCE = "tinh", "Tỉnh"
    DISTRICT = "huyen", "Huyện"
    COMMUNE = "xa", "Xã"


class UnitQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )

    def search(self, query: str):
        """Diacritic- and case-insensitive search over names and aliases ("so noi vu" finds "Sở Nội vụ")."""
        folded = fold(query)
        if not folded:
            return self.none()
        return self.filter(Q(search_name__contains=folded) | Q(aliases__search_name__contains=folded)).distinct()

    def in_tree(self, root_id):
        return self.filter(tree_root_id=root_id)


class Unit(models.Model):
    """An agency, office, organisation or school that plans name as lead, director or coordinator."""

    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    kind = models.CharField("loại", max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    level = models.CharField("cấp", max_length=20, choices=UnitLevel.choices, default=UnitLevel.PROVINCE)
    # The statistics office's code of the province, district or commune a UBND governs ("33",
    # "11953"): how `load_units` finds the unit again after a rename. Not unique: a new commune
    # may carry the code of an old one it absorbed, and new Bắc Ninh has old Bắc Giang's.
    code = models.CharField(
        "mã đơn vị hành chính",
        max_length=10,
        blank=True,
        db_index=True,
        help_text="Mã tỉnh, huyện (trước 01/07/2025), xã theo Danh mục đơn vị hành chính Việt Nam (Cục Thống kê).",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The top of the parent chain (the province's or commune's UBND): names such as "UBND tỉnh"
    # or "Sở Nội vụ" only mean one unit inside one such tree, so matching is scoped by it.
    tree_root = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    # The people's committee whose administration the unit belongs to (itself for a UBND): plan
    # editors work at that level ("Phòng Nội vụ huyện X" on district X's plans).
    local_government = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    active_from = models.DateField("hoạt động từ", null=True, blank=True)
    active_to = models.DateField("hoạt động đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="đơn vị kế thừa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="Đơn vị tiếp nhận chức năng khi đơn vị này được sáp nhập hoặc đổi tên.",
    )
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="unit_active_period_ordered",
                violation_error_message="Ngày kết thúc hoạt động phải sau ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        stored_place = self._stored_place()
        self.name = clean(self.name)
        self.search_name = fold(self.name)
        parent = self.parent
        if parent is not None:
            self.tree_root_id = parent.tree_root_id or parent.pk
            if self.kind != UnitKind.PEOPLES_COMMITTEE:
                self.local_government_id = parent.local_government_id
        super().save(*args, **kwargs)
        own = {}
        if parent is None and self.tree_root_id != self.pk:
            own["tree_root_id"] = self.pk
        if (parent is None or self.kind == UnitKind.PEOPLES_COMMITTEE) and self.local_government_id != self.pk:
            own["local_government_id"] = self.pk
        if own:
            Unit.objects.filter(pk=self.pk).update(**own)
            for name, value in own.items():
                setattr(self, name, value)
        if stored_place != self._place_in_tree:
            # Moved, or became (or stopped being) a UBND: everything below changes tree or level.
            for child in self.children.all():
                child._loaded_place = None
                child.save()
        self._loaded_place = self._place_in_tree

    @classmethod
    def from_db(cls, db, field_names, values):
        unit = super().from_db(db, field_names, values)
        # Reading a deferred parent or kind here would load it with a query that comes back
        # through from_db: `Unit.objects.only("name")` recursed until Python gave up.
        if "parent_id" in field_names and "kind" in field_names:
            unit._loaded_place = unit._place_in_tree
        return unit

    def _stored_place(self):
        """(parent, kind) as the database has them, to tell whether this save moves the unit."""
        if self._state.adding:
            return self._place_in_tree  # a new unit has nothing below it to move
        if hasattr(self, "_loaded_place"):
            return self._loaded_place
        return Unit.objects.filter(pk=self.pk).values_list("parent_id", "kind").first()

    @property
    def _place_in_tree(self):
        return self.parent_id, self.kind

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "Đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới của nó."})
            ancestor = ancestor.parent

    @property
    def committee_place(self) -> tuple[str, str] | None:
        """("tỉnh", "Hưng Yên") for "Ủy ban nhân dân tỉnh Hưng Yên"; None for other units."""
        found = self.kind == UnitKind.PEOPLES_COMMITTEE and _COMMITTEE_NAME.match(fold(self.name))
        if not found:
            return None
        # Folding keeps one character per character of the NFC name, so the spans carry over.
        return self.name[found.start(1) : found.end(1)], self.name[found.start(2) :]

    @property
    def display_short(self):
        return self.short_name or self.name


class UnitAlias(models.Model):
    """Another spelling plans use for a unit ("VP UBND tỉnh", "Sở GD&ĐT")."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name="đơn vị")
    name = models.CharField("tên gọi khác", max_length=255)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = "tên gọi khác"
        verbose_name_plural = "tên gọi khác"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "search_name"],
                name="unit_alias_unique_per_unit",
                violation_error_message="Đơn vị này đã có tên gọi khác như vậy.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean(self.name)
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class EmulationGroupKind(models.TextChoices):
    CLUSTER = "cum", "Cụm thi đua"
    BLOCK = "khoi", "Khối thi đua"


class EmulationGroup(models.Model):
    """A Cụm or Khối thi đua for one year; units compete inside it."""

    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=10, choices=EmulationGroupKind.choices)
    level = models.CharField("cấp", max_length=20, choices=UnitLevel.choices, default=UnitLevel.PROVINCE)
    year = models.PositiveSmallIntegerField("năm")
    organiser = models.ForeignKey(
        Unit,
        verbose_name="cơ quan tổ chức",
        on_delete=models.PROTECT,
        related_name="organised_groups",
        help_text="UBND cấp tỉnh hoặc xã quyết định thành lập cụm, khối.",
    )
    members = models.ManyToManyField(Unit, through="EmulationGroupMembership", related_name="emulation_groups")

    class Meta:
        verbose_name = "cụm, khối thi đua"
        verbose_name_plural = "cụm, khối thi đua"
        ordering = ["-year", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "year", "name"],
                name="emulation_group_unique_name_per_year",
                violation_error_message="Đã có cụm, khối thi đua cùng tên trong năm này.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"


class MembershipRole(models.TextChoices):
    LEADER = "truong", "Trưởng"
    DEPUTY = "pho", "Phó"
    MEMBER = "thanh_vien", "Thành viên"


class MembershipQuerySet(models.QuerySet):
    def leader_first(self):
        """Trưởng, then phó, then members by name: how a cluster lists itself."""
        rank = models.Case(
            models.When(role=MembershipRole.LEADER, then=0),
            models.When(role=MembershipRole.DEPUTY, then=1),
            default=2,
        )
        return self.order_by(rank, "unit__name")


class EmulationGroupMembership(models.Model):
    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="group_memberships", verbose_name="đơn vị")
    role = models.CharField("vai trò", max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "thành viên cụm, khối"
        verbose_name_plural = "thành viên cụm, khối"
        ordering = ["group", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "unit"],
                name="membership_unique_unit_per_group",
                violation_error_message="Đơn vị đã là thành viên của cụm, khối này.",
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(role="truong"),
                name="membership_one_leader_per_group",
                violation_error_message="Mỗi cụm, khối chỉ có một đơn vị trưởng.",
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.get_role_display()}"


class Role(models.TextChoices):
    PLAN_EDITOR = "plan_editor", "Cán bộ Sở/Phòng Nội vụ (soạn kế hoạch)"
    UNIT_OFFICER = "unit_officer", "Cán bộ đơn vị"
    COUNCIL_MEMBER = "council_member", "Thành viên Hội đồng TĐKT"
    ADMIN = "admin", "Quản trị hệ thống"


class UserQuerySet(models.QuerySet):
    def unit_officers(self):
        """Active unit officers: the accounts that report on their unit's tasks and are told about
        them (plan issue notices, reminders, dossier changes)."""
        return self.filter(is_active=True, role=Role.UNIT_OFFICER)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.UNIT_OFFICER)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị công tác",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField("họ và tên", max_length=150, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="unit_officer") | Q(unit__isnull=False),
                name="unit_officer_has_unit",
                violation_error_message="Cán bộ đơn vị phải thuộc một đơn vị.",
            ),
        ]

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username
