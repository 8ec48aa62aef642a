import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from activity.models import ActivityLog
from emulation import services
from emulation.models import CovenantSignature, Criterion, Score, TieBreak
from emulation.selectors import ranking
from tests.factories import pdf_bytes

from .conftest import make_group, score


def self_points(block, unit):
    return {s.criterion.content: s.self_points for s in Score.objects.filter(unit=unit).select_related("criterion")}


class TestSelfScoring:
    def test_saves_points_typed_with_a_comma_and_logs_once(self, block):
        changed = score(block, block.alpha_user, block.alpha, c1="7,5", c2="20", penalty="1")
        assert changed == 3
        assert self_points(block, block.alpha) == {
            "Ban hành kế hoạch": D("7.50"),
            "Ký giao ước đúng hạn": D("20.00"),
            "Nộp báo cáo chậm": D("1.00"),
        }
        assert ActivityLog.objects.filter(action="scores.self").count() == 1

    def test_points_over_the_maximum_are_refused_and_nothing_is_saved(self, block):
        with pytest.raises(ValidationError) as caught:
            score(block, block.alpha_user, block.alpha, c1="8", c2="20,5", bonus="-1")
        assert caught.value.messages == [
            "Tiêu chí 2 (Ký giao ước đúng hạn): điểm 20,5 vượt điểm tối đa 20.",
            "Tiêu chí 1 (Mô hình mới): điểm không được âm (đã nhập -1).",
        ]
        assert Score.objects.count() == 0

    def test_exactly_the_maximum_is_accepted(self, block):
        score(block, block.alpha_user, block.alpha, c2="20")
        assert self_points(block, block.alpha) == {"Ký giao ước đúng hạn": D("20")}

    @pytest.mark.parametrize(
        ("typed", "message"),
        [("abc", "“abc” không phải là số điểm"), ("1,234", "điểm 1,234 có quá hai chữ số thập phân")],
    )
    def test_unreadable_points_name_the_criterion(self, block, typed, message):
        with pytest.raises(ValidationError) as caught:
            score(block, block.alpha_user, block.alpha, c1=typed)
        assert caught.value.messages == [f"Tiêu chí 1 (Ban hành kế hoạch): {message}."]

    def test_a_non_member_cannot_score(self, block):
        outsider = block.province.children.create(name="Sở Y tế", kind="so")
        with pytest.raises(ValidationError, match="Sở Y tế không phải là thành viên khối thi đua"):
            score(block, block.staff, outsider, c1="5")

    def test_resaving_the_same_points_changes_nothing(self, block):
        score(block, block.alpha_user, block.alpha, c1="5")
        assert score(block, block.alpha_user, block.alpha, c1="5,00") == 0


def adjust(block, unit, **rows):
    """The leader's sheet adjustment, rows named as the block's criteria: c1=("8", "reason")."""
    entries = {getattr(block, name).pk: values for name, values in rows.items()}
    return services.adjust_scores(actor=block.leader_user, table=block.table, unit=unit, entries=entries)


class TestAdjustment:
    def test_leader_adjusts_with_a_reason_and_both_values_are_kept(self, block):
        score(block, block.alpha_user, block.alpha, c1="10")
        assert adjust(block, block.alpha, c1=("8", "Kế hoạch ban hành chậm 10 ngày")) == 1
        adjusted = Score.objects.get(unit=block.alpha, criterion=block.c1)
        assert (adjusted.self_points, adjusted.adjusted_points, adjusted.final_points) == (D("10"), D("8"), D("8"))
        assert adjusted.adjusted_by == block.leader_user
        log = ActivityLog.objects.get(action="scores.adjust")
        assert log.after == {"1": "8 (Kế hoạch ban hành chậm 10 ngày)"}

    def test_a_reason_is_required(self, block):
        with pytest.raises(ValidationError) as caught:
            adjust(block, block.alpha, c1=("8", " "))
        assert caught.value.messages == ["Tiêu chí 1 (Ban hành kế hoạch): cần ghi lý do điều chỉnh điểm."]
        assert Score.objects.count() == 0

    def test_adjusted_points_respect_the_maximum(self, block):
        with pytest.raises(ValidationError) as caught:
            adjust(block, block.alpha, c1=("11", "x"))
        assert caught.value.messages == ["Tiêu chí 1 (Ban hành kế hoạch): điểm 11 vượt điểm tối đa 10."]

    def test_a_criterion_of_another_table_is_named_and_nothing_is_written(self, block):
        with pytest.raises(ValidationError) as caught:
            services.adjust_scores(
                actor=block.leader_user,
                table=block.table,
                unit=block.alpha,
                entries={block.c1.pk: ("8", "x"), 999999: ("1", "y")},
            )
        assert caught.value.messages == ["Tiêu chí mã 999999 không thuộc bảng tiêu chí này."]
        assert Score.objects.count() == 0


class TestRanking:
    def test_totals_use_adjusted_points_add_bonus_and_subtract_penalty(self, block):
        score(block, block.alpha_user, block.alpha, c1="10", c2="18", bonus="2", penalty="1")
        score(block, block.beta_user, block.beta, c1="9", c2="20")
        score(block, block.leader_user, block.leader, c1="10", c2="15")
        adjust(block, block.alpha, c2=("16", "r"))
        rows = ranking(block.table)
        assert [(r.unit.name, r.base, r.bonus, r.penalty, r.total, r.self_total, r.rank) for r in rows] == [
            ("Sở Tài chính", D("29"), D("0"), D("0"), D("29"), D("29"), 1),
            ("Sở Tư pháp", D("26"), D("2"), D("1"), D("27"), D("29"), 2),
            ("Sở Nội vụ", D("25"), D("0"), D("0"), D("25"), D("25"), 3),
        ]
        assert rows[1].adjusted == 1

    def test_tie_broken_by_fewer_penalty_points_then_shared(self, block):
        score(block, block.alpha_user, block.alpha, c1="10", c2="20", penalty="2", bonus="2")  # 30
        score(block, block.beta_user, block.beta, c1="10", c2="20")  # 30, no penalty
        score(block, block.leader_user, block.leader, c1="10", c2="20")  # 30, no penalty: same as beta
        rows = ranking(block.table)
        assert [(r.unit.name, r.total, r.rank) for r in rows] == [
            ("Sở Nội vụ", D("30"), 1),
            ("Sở Tài chính", D("30"), 1),
            ("Sở Tư pháp", D("30"), 3),
        ]

    def test_base_then_penalty_rule_orders_differently(self, block):
        block.table.tie_break = TieBreak.BASE_THEN_PENALTY
        block.table.save()
        score(block, block.alpha_user, block.alpha, c1="10", c2="20", penalty="2", bonus="2")  # base 30
        score(block, block.beta_user, block.beta, c1="8", c2="20", bonus="2")  # base 28, total 30
        score(block, block.leader_user, block.leader, c1="5")
        assert [(r.unit.name, r.rank) for r in ranking(block.table)] == [
            ("Sở Tư pháp", 1),
            ("Sở Tài chính", 2),
            ("Sở Nội vụ", 3),
        ]

    def test_members_who_did_not_score_are_listed_last_with_zero(self, block):
        score(block, block.alpha_user, block.alpha, c1="1")
        rows = ranking(block.table)
        assert [(r.unit.name, r.total, r.scored, r.rank) for r in rows] == [
            ("Sở Tư pháp", D("1"), 1, 1),
            ("Sở Nội vụ", D("0"), 0, 2),
            ("Sở Tài chính", D("0"), 0, 2),
        ]

    def test_ranking_costs_two_queries_whatever_the_size(self, block, django_assert_num_queries):
        score(block, block.alpha_user, block.alpha, c1="1", c2="2")
        with django_assert_num_queries(2):
            ranking(block.table)


class TestPublish:
    def test_refused_while_a_member_has_not_scored(self, block):
        score(block, block.alpha_user, block.alpha, c1="1")
        with pytest.raises(ValidationError) as caught:
            services.publish_ranking(actor=block.leader_user, table=block.table)
        assert caught.value.messages == ["Chưa công bố được: đơn vị chưa tự chấm điểm — Sở Nội vụ, Sở Tài chính."]

    def test_published_scores_are_frozen(self, block):
        for user, unit in (
            (block.alpha_user, block.alpha),
            (block.beta_user, block.beta),
            (block.leader_user, block.leader),
        ):
            score(block, user, unit, c1="5")
        services.publish_ranking(actor=block.leader_user, table=block.table)
        with pytest.raises(ValidationError, match="đã công bố"):
            score(block, block.alpha_user, block.alpha, c1="6")
        with pytest.raises(ValidationError, match="đã công bố"):
            adjust(block, block.alpha, c1=("1", "r"))
        with pytest.raises(ValidationError, match="đã công bố"):
            services.add_section(actor=block.staff, table=block.table, number="IV", title="Khác")
        assert Score.objects.get(unit=block.alpha).self_points == D("5")


class TestCriteriaTable:
    def test_copy_from_last_year_brings_criteria_not_scores(self, block):
        score(block, block.alpha_user, block.alpha, c1="5")
        next_year = make_group("Khối các cơ quan tổng hợp", block.province, [(block.alpha, "truong")], year=2026)
        source = services.previous_table(next_year)
        assert source == block.table
        copy = services.copy_criteria(
            actor=block.staff, group=next_year, source=source, scoring_due=datetime.date(2026, 11, 30)
        )
        assert [
            (s.number, s.title, [(c.number, c.max_points, c.kind) for c in s.criteria.all()])
            for s in copy.sections.all()
        ] == [
            ("I", "Công tác chỉ đạo, tổ chức phong trào", [("1", D("10"), "base"), ("2", D("20"), "base")]),
            ("II", "Điểm thưởng", [("1", D("5"), "bonus")]),
            ("III", "Điểm trừ", [("1", D("5"), "penalty")]),
        ]
        assert copy.copied_from == block.table
        assert Score.objects.filter(criterion__section__table=copy).count() == 0

    def test_lowering_a_maximum_below_a_claimed_score_is_refused(self, block):
        score(block, block.alpha_user, block.alpha, c2="18")
        with pytest.raises(ValidationError) as caught:
            services.update_criterion(actor=block.staff, criterion=block.c2, max_points="15")
        assert caught.value.message_dict == {
            "max_points": ["Không hạ điểm tối đa xuống 15 được: Sở Tư pháp đã tự chấm cao hơn."]
        }
        block.c2.refresh_from_db()
        assert block.c2.max_points == D("20")

    def test_a_scored_criterion_cannot_be_deleted(self, block):
        score(block, block.alpha_user, block.alpha, c1="3")
        with pytest.raises(ValidationError, match="đã có 1 đơn vị chấm điểm"):
            services.delete_criterion(actor=block.staff, criterion=block.c1)
        services.delete_criterion(actor=block.staff, criterion=block.bonus)
        assert not Criterion.objects.filter(pk=block.bonus.pk).exists()

    def test_maximum_must_be_positive(self, block):
        section = block.c1.section
        with pytest.raises(ValidationError) as caught:
            services.add_criterion(actor=block.staff, section=section, number="3", content="X", max_points="0")
        assert caught.value.message_dict == {"max_points": ["Điểm tối đa phải lớn hơn 0."]}


class TestCovenant:
    def test_signatures_only_from_members_once_each_within_the_year(self, block):
        covenant = services.save_covenant(
            actor=block.leader_user,
            group=block.group,
            title="Giao ước thi đua năm 2025",
            content="Đoàn kết",
            targets="100% kế hoạch đúng hạn",
            place="Bắc Ninh",
            signing_due=datetime.date(2025, 3, 31),
        )
        services.record_signature(
            actor=block.leader_user,
            covenant=covenant,
            unit=block.alpha,
            signed_on=datetime.date(2025, 3, 10),
            signer_name="Nguyễn Văn B",
            signer_position="Giám đốc",
        )
        with pytest.raises(ValidationError, match="Sở Tư pháp đã ký giao ước"):
            services.record_signature(
                actor=block.leader_user,
                covenant=covenant,
                unit=block.alpha,
                signed_on=datetime.date(2025, 3, 11),
                signer_name="X",
            )
        with pytest.raises(ValidationError) as caught:
            services.record_signature(
                actor=block.leader_user,
                covenant=covenant,
                unit=block.beta,
                signed_on=datetime.date(2024, 12, 30),
                signer_name="X",
            )
        assert caught.value.message_dict == {"signed_on": ["Ngày ký phải trong năm 2025."]}
        assert list(CovenantSignature.objects.values_list("unit__name", flat=True)) == ["Sở Tư pháp"]


class TestEvidence:
    def test_a_pdf_is_kept_and_a_renamed_file_refused(self, block):
        pdf = SimpleUploadedFile("ke-hoach.pdf", pdf_bytes())
        evidence = services.add_evidence(
            actor=block.alpha_user, table=block.table, unit=block.alpha, criterion=block.c1, upload=pdf
        )
        assert evidence.original_name == "ke-hoach.pdf"
        assert evidence.file.read() == pdf_bytes()
        fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf")
        with pytest.raises(ValidationError, match="không đúng loại cho phép"):
            services.add_evidence(
                actor=block.alpha_user, table=block.table, unit=block.alpha, criterion=block.c1, upload=fake
            )
        assert [e.original_name for s in Score.objects.all() for e in s.evidence.all()] == ["ke-hoach.pdf"]


def test_evidence_over_the_portal_evidence_limit_is_refused(block, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="vượt giới hạn"):
        services.add_evidence(
            actor=block.alpha_user,
            table=block.table,
            unit=block.alpha,
            criterion=block.c1,
            upload=SimpleUploadedFile("kh.pdf", b"%PDF-1.7 and more"),
        )
    assert Score.objects.count() == 0
