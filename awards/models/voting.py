"""The secret ballot: who has voted (receipts), the unnamed counts (ballot boxes) and results."""

from django.conf import settings
from django.db import models

from common.uploads import stored_name

from .catalogue import VoteBase
from .councils import CouncilMember, CouncilSession
from .dossiers import Nominee


class BallotChoice(models.TextChoices):
    APPROVE = "dong_y", "Đồng ý"
    REJECT = "khong_dong_y", "Không đồng ý"


class BallotReceipt(models.Model):
    """That a member voted on a nominee, not how: one per member and nominee, enforced here."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="receipts")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="receipts")
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "xác nhận đã bỏ phiếu"
        verbose_name_plural = "xác nhận đã bỏ phiếu"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nominee", "member"],
                name="one_vote_per_member_per_nominee",
                violation_error_message="Thành viên đã bỏ phiếu cho người, tập thể này.",
            ),
        ]

    def __str__(self):
        return f"{self.member} đã bỏ phiếu"


class BallotBox(models.Model):
    """The ballot box of one nominee in one session: how many ballots of each choice, never whose.

    Every choice is counted in this one row, so a voter's write touches the same row whatever they
    chose; there is no row per ballot. Why that keeps the ballot secret: awards.ballots.
    """

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballot_boxes")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="ballot_boxes")
    # Fixed-width integers: the updated row is the same size whichever count went up.
    approvals = models.PositiveIntegerField("phiếu đồng ý", default=0)
    rejections = models.PositiveIntegerField("phiếu không đồng ý", default=0)

    class Meta:
        verbose_name = "hòm phiếu"
        verbose_name_plural = "hòm phiếu"
        constraints = [models.UniqueConstraint(fields=["session", "nominee"], name="one_ballot_box_per_nominee")]

    def __str__(self):
        return "Hòm phiếu kín"


# The count of a BallotBox (and of a VoteResult) each choice goes to.
COUNTED_AS = {BallotChoice.APPROVE: "approvals", BallotChoice.REJECT: "rejections"}


class VoteResult(models.Model):
    """The tally of one nominee, counted once when the secretary closes the vote."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="results")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="results")
    members_total = models.PositiveSmallIntegerField("tổng số thành viên")
    present = models.PositiveSmallIntegerField("số thành viên tham gia bỏ phiếu")
    approvals = models.PositiveSmallIntegerField("phiếu đồng ý")
    rejections = models.PositiveSmallIntegerField("phiếu không đồng ý")
    quorum = models.DecimalField("tỷ lệ dự họp tối thiểu (%)", max_digits=5, decimal_places=2)
    threshold = models.DecimalField("tỷ lệ đồng ý tối thiểu (%)", max_digits=5, decimal_places=2)
    vote_base = models.CharField("cách tính tỷ lệ", max_length=10, choices=VoteBase.choices)
    written_opinions = models.PositiveSmallIntegerField("ý kiến bằng văn bản được tính", default=0)
    approval_percent = models.DecimalField("tỷ lệ đồng ý (%)", max_digits=5, decimal_places=2)
    quorum_met = models.BooleanField("đủ số thành viên dự họp")
    passed = models.BooleanField("đạt")

    class Meta:
        verbose_name = "kết quả bỏ phiếu"
        verbose_name_plural = "kết quả bỏ phiếu"
        constraints = [models.UniqueConstraint(fields=["session", "nominee"], name="one_result_per_nominee")]

    def __str__(self):
        return f"{self.approvals}/{self.members_total} đồng ý"


def opinion_path(instance, filename):
    return f"awards/phien-hop/{instance.session_id}/{stored_name(instance.content_kind)}"


class WrittenOpinion(models.Model):
    """That an absent member gave a written opinion, recorded by the secretary with the signed paper.

    The paper is not secret (the member signed it); its choices are counted into the ballot boxes like
    a sheet and a receipt per nominee says the member took part, so the tally has one shape."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="written_opinions")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="written_opinions")
    paper = models.FileField("bản ý kiến bằng văn bản", upload_to=opinion_path)
    original_name = models.CharField("tên tệp", max_length=255)
    content_kind = models.CharField("định dạng", max_length=20)
    size = models.PositiveBigIntegerField("dung lượng")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến bằng văn bản"
        verbose_name_plural = "ý kiến bằng văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                name="one_written_opinion_per_member",
                violation_error_message="Đã ghi ý kiến bằng văn bản của thành viên này.",
            ),
        ]

    def __str__(self):
        return f"Ý kiến bằng văn bản của {self.member.user}"
