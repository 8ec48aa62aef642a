import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from activity.models import ActivityLog
from awards import services
from awards.models import (
    AwardRecord,
    AwardType,
    BallotBox,
    BallotChoice,
    BallotReceipt,
    CouncilMember,
    DossierStatus,
    Nominee,
    Outcome,
    SessionStatus,
    VoteResult,
)
from awards.selectors import decision_document, minutes_document

from .conftest import ballot_boxes, make_ready, vote

pytestmark = pytest.mark.django_db


def rule(threshold="70", base="tong_so", quorum="66.67"):
    return AwardType(approval_threshold=Decimal(threshold), vote_base=base, quorum=Decimal(quorum))


@pytest.mark.parametrize(
    ("members", "present", "approvals", "award_type", "expected"),
    [
        # exactly 70% of all members passes; one vote short does not
        (10, 10, 7, rule(), {"quorum_met": True, "approval_percent": Decimal("70.00"), "passed": True}),
        (10, 10, 6, rule(), {"quorum_met": True, "approval_percent": Decimal("60.00"), "passed": False}),
        # 6 of 10 present is below a 2/3 quorum: unanimous approval still fails
        (10, 6, 6, rule(base="co_mat"), {"quorum_met": False, "approval_percent": Decimal("100.00"), "passed": False}),
        # 6 of 9 is exactly 2/3
        (9, 6, 6, rule(base="co_mat"), {"quorum_met": True, "approval_percent": Decimal("100.00"), "passed": True}),
        # counted over those present 5 of 7 passes; over all members the same votes fail
        (10, 7, 5, rule(base="co_mat"), {"quorum_met": True, "approval_percent": Decimal("71.43"), "passed": True}),
        (10, 7, 5, rule(), {"quorum_met": True, "approval_percent": Decimal("50.00"), "passed": False}),
        # 90% for national titles: 9 of 10 passes, 8 of 9 present (88.89%) does not
        (10, 10, 9, rule("90"), {"quorum_met": True, "approval_percent": Decimal("90.00"), "passed": True}),
        (10, 9, 8, rule("90", "co_mat"), {"quorum_met": True, "approval_percent": Decimal("88.89"), "passed": False}),
    ],
)
def test_vote_counting_at_the_edges(members, present, approvals, award_type, expected):
    assert services.count_votes(members_total=members, present=present, approvals=approvals, award_type=award_type) == (
        expected
    )


@pytest.fixture
def strict_type(catalogue):
    """Lao động tiên tiến counted like a provincial title: 70% of all members."""
    award_type = catalogue["lao-dong-tien-tien"]
    award_type.approval_threshold, award_type.vote_base = Decimal("70"), "tong_so"
    award_type.save()
    return award_type


@pytest.fixture
def on_agenda(world, strict_type):
    dossier = make_ready(world, nominees=["Nguyễn Thị Lan", "Trần Văn Bình"])
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    return dossier


def test_voting_cannot_open_on_an_empty_agenda(world):
    with pytest.raises(ValidationError) as error:
        services.open_voting(actor=world.secretary, session=world.session)
    assert error.value.messages == ["Phiên họp chưa có hồ sơ nào để bỏ phiếu."]


def test_opening_the_vote_tells_every_other_member_in_the_portal(world, on_agenda):
    from notifications.models import Notification

    Notification.objects.all().delete()
    services.open_voting(actor=world.secretary, session=world.session)
    notices = Notification.objects.order_by("user_id")
    others = sorted(m.pk for m in world.members if m != world.secretary)
    assert [n.user_id for n in notices] == others
    assert {(n.title, n.body, n.url) for n in notices} == {
        (
            f"Mở bỏ phiếu kín: {world.session.title}",
            f"{world.council} đã mở bỏ phiếu kín cho {world.session.title}. Mời anh/chị xem hồ sơ và bỏ phiếu.",
            world.session.get_absolute_url(),
        )
    }


def test_a_second_vote_on_the_same_nominee_is_refused_and_nothing_changes(world, on_agenda):
    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    member = world.members[3]
    services.cast_ballots(actor=member, session=world.session, choices={lan.pk: "dong_y"})
    with pytest.raises(ValidationError) as error:
        services.cast_ballots(actor=member, session=world.session, choices={lan.pk: "khong_dong_y", binh.pk: "dong_y"})
    assert error.value.messages == [
        "Bạn đã bỏ phiếu cho Nguyễn Thị Lan; mỗi thành viên chỉ bỏ một phiếu cho mỗi người, tập thể."
    ]
    assert (ballot_boxes(world.session), BallotReceipt.objects.count()) == (
        {"Nguyễn Thị Lan": (1, 0), "Trần Văn Bình": (0, 0)},
        1,
    )
    services.cast_ballots(actor=member, session=world.session, choices={binh.pk: "dong_y"})
    assert ballot_boxes(world.session) == {"Nguyễn Thị Lan": (1, 0), "Trần Văn Bình": (1, 0)}


def test_the_database_itself_refuses_a_second_receipt(world, on_agenda):
    nominee = on_agenda.nominees.first()
    seat = CouncilMember.objects.get(user=world.members[4])
    BallotReceipt.objects.create(session=world.session, nominee=nominee, member=seat)
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotReceipt.objects.create(session=world.session, nominee=nominee, member=seat)


def test_a_ballot_box_carries_nothing_that_leads_back_to_the_voter():
    related = {f.related_model.__name__ for f in BallotBox._meta.get_fields() if f.is_relation}
    assert related == {"CouncilSession", "Nominee"}
    assert {f.name for f in BallotBox._meta.get_fields()} == {"id", "session", "nominee", "approvals", "rejections"}
    # No table has room for one member's choice: choices are only ever counts.
    holding_a_choice = [
        f"{model.__name__}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if getattr(f, "choices", None) == BallotChoice.choices
    ]
    assert holding_a_choice == []


def test_opening_the_vote_sets_an_empty_box_for_every_nominee(world, on_agenda):
    assert ballot_boxes(world.session) == {}
    services.open_voting(actor=world.secretary, session=world.session)
    assert ballot_boxes(world.session) == {"Nguyễn Thị Lan": (0, 0), "Trần Văn Bình": (0, 0)}


def test_a_sheet_is_counted_by_statements_that_do_not_depend_on_its_choices(world, on_agenda):
    """Two sheets over the same nominees with opposite choices run the very same SQL: only the
    bound values differ, so nothing the database keeps of the statements (xid, command id, which
    rows, in what order) can differ with the choice (awards.ballots)."""
    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    run = []

    def sql_of(execute, sql, params, many, context):
        run[-1].append(re.sub(r'"s\d+_x\d+"', "savepoint", sql))  # savepoint names are numbered
        return execute(sql, params, many, context)

    sheets = [
        (world.members[3], {lan.pk: "dong_y", binh.pk: "khong_dong_y"}),
        (world.members[4], {lan.pk: "khong_dong_y", binh.pk: "dong_y"}),
    ]
    with connection.execute_wrapper(sql_of):
        for member, choices in sheets:
            run.append([])
            services.cast_ballots(actor=member, session=world.session, choices=choices)
    assert run[0] == run[1]
    updates = [sql for sql in run[0] if sql.startswith("UPDATE")]
    assert len(updates) == 1 and '"awards_ballotbox"' in updates[0]
    assert ballot_boxes(world.session) == {"Nguyễn Thị Lan": (1, 1), "Trần Văn Bình": (1, 1)}


def test_closing_empties_the_boxes_into_the_results(world, on_agenda):
    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, lan, approvals=3, rejections=2)
    vote(world, world.session, binh, approvals=1, rejections=4)
    assert ballot_boxes(world.session) == {"Nguyễn Thị Lan": (3, 2), "Trần Văn Bình": (1, 4)}
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    assert ballot_boxes(world.session) == {}
    assert sorted(VoteResult.objects.values_list("nominee__full_name", "approvals", "rejections", "present")) == [
        ("Nguyễn Thị Lan", 3, 2, 5),
        ("Trần Văn Bình", 1, 4, 5),
    ]


def test_only_members_vote_and_only_while_the_vote_is_open(world, on_agenda):
    nominee = on_agenda.nominees.first()
    with pytest.raises(ValidationError) as error:
        services.cast_ballots(actor=world.members[2], session=world.session, choices={nominee.pk: "dong_y"})
    assert error.value.messages == ["Phiên họp không còn nhận phiếu: việc bỏ phiếu chưa mở hoặc đã kết thúc."]
    services.open_voting(actor=world.secretary, session=world.session)
    with pytest.raises(ValidationError) as error:
        services.cast_ballots(actor=world.staff, session=world.session, choices={nominee.pk: "dong_y"})
    assert error.value.messages == ["Bạn không phải thành viên Hội đồng của phiên họp này."]
    vote(world, world.session, nominee, approvals=7)
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    with pytest.raises(ValidationError) as error:
        services.cast_ballots(actor=world.members[9], session=world.session, choices={nominee.pk: "dong_y"})
    assert error.value.messages == ["Phiên họp không còn nhận phiếu: việc bỏ phiếu chưa mở hoặc đã kết thúc."]
    result = VoteResult.objects.get(nominee=nominee)
    assert (ballot_boxes(world.session), result.approvals, result.rejections, result.present) == ({}, 7, 0, 7)


def test_closing_counts_each_nominee_against_the_threshold_and_stages_the_outcome(world, on_agenda):
    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    # All ten members vote: Lan gets exactly 7 approvals (70%), Bình one short (6).
    for i, user in enumerate(world.members):
        services.cast_ballots(
            actor=user,
            session=world.session,
            choices={lan.pk: "dong_y" if i < 7 else "khong_dong_y", binh.pk: "dong_y" if i < 6 else "khong_dong_y"},
        )
    assert VoteResult.objects.count() == 0  # nothing is counted before the secretary closes
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    results = {r.nominee.full_name: r for r in VoteResult.objects.select_related("nominee")}
    assert [(r.approvals, r.rejections, r.approval_percent, r.passed) for r in results.values()] == [
        (7, 3, Decimal("70.00"), True),
        (6, 4, Decimal("60.00"), False),
    ]
    assert list(Nominee.objects.order_by("position_in_list").values_list("pending_outcome", "outcome")) == [
        ("awarded", ""),
        ("not_awarded", ""),
    ]
    world.session.refresh_from_db()
    assert (world.session.status, world.session.members_total) == (SessionStatus.CLOSED, 10)


def test_the_secretary_stages_outcomes_and_applies_them_at_once(world, on_agenda, django_capture_on_commit_callbacks):
    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, lan, approvals=8, rejections=2)
    vote(world, world.session, binh, approvals=9, rejections=1)
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    # The vote binds one way only: a passed nominee may be left out, a failed one never put in.
    services.stage_outcomes(actor=world.secretary, session=world.session, outcomes={binh.pk: "not_awarded"})
    assert Nominee.objects.get(pk=binh.pk).outcome == ""  # staged, not applied
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_results(actor=world.secretary, session=world.session)
    assert dict(Nominee.objects.values_list("full_name", "outcome")) == {
        "Nguyễn Thị Lan": Outcome.AWARDED,
        "Trần Văn Bình": Outcome.NOT_AWARDED,
    }
    on_agenda.refresh_from_db()
    assert on_agenda.status == DossierStatus.VOTED
    log = ActivityLog.objects.get(action="dossier.council_approve")
    assert log.after == {"status": "Hội đồng đã bỏ phiếu, chờ quyết định", "nominees": ["Nguyễn Thị Lan"]}
    assert "gddt@example.vn" in [m.to[0] for m in mail.outbox]


def test_a_nominee_who_failed_the_vote_cannot_be_staged_as_awarded(world, on_agenda):
    lan = on_agenda.nominees.order_by("position_in_list").first()
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, lan, approvals=6, rejections=4)
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    with pytest.raises(ValidationError) as error:
        services.stage_outcomes(actor=world.secretary, session=world.session, outcomes={lan.pk: "awarded"})
    assert error.value.messages == ["“Nguyễn Thị Lan” không đạt tỷ lệ phiếu đồng ý nên chỉ có thể “Không khen thưởng”."]
    assert Nominee.objects.get(pk=lan.pk).pending_outcome == "not_awarded"


def test_a_dossier_nobody_passed_is_not_awarded(world, on_agenda):
    services.open_voting(actor=world.secretary, session=world.session)
    for nominee in on_agenda.nominees.all():
        vote(world, world.session, nominee, approvals=0, rejections=10)
    services.close_voting(actor=world.secretary, session=world.session)  # everyone voted: nothing to confirm
    services.apply_results(actor=world.secretary, session=world.session)
    on_agenda.refresh_from_db()
    assert on_agenda.status == DossierStatus.NOT_AWARDED
    assert set(VoteResult.objects.values_list("quorum_met", "passed")) == {(True, False)}


def test_a_session_without_quorum_sends_its_nominees_to_the_next_session(world, on_agenda):
    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, lan, approvals=6)  # 6 of 10 present: below the 2/3 quorum
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    assert list(Nominee.objects.order_by("position_in_list").values_list("pending_outcome", flat=True)) == [
        "postponed",
        "postponed",
    ]
    # Not "không khen thưởng": a meeting without quorum decides nothing.
    with pytest.raises(ValidationError) as error:
        services.stage_outcomes(actor=world.secretary, session=world.session, outcomes={lan.pk: "not_awarded"})
    assert error.value.messages == [
        "“Nguyễn Thị Lan”: phiên họp không đủ số thành viên dự họp nên chỉ có thể “Xét lại ở phiên họp sau”."
    ]
    services.apply_results(actor=world.secretary, session=world.session)
    on_agenda.refresh_from_db()
    assert (on_agenda.status, on_agenda.session_id) == (DossierStatus.READY, None)
    assert list(on_agenda.nominees.values_list("outcome", "pending_outcome")) == [("", ""), ("", "")]
    assert ActivityLog.objects.filter(action="dossier.council_postpone").count() == 1
    # Held again: the same members vote on the same nominees at the next session.
    again = type(world.session).objects.create(
        council=world.council, title="Phiên họp lại", meets_at=world.session.meets_at + datetime.timedelta(days=7)
    )
    services.schedule_dossier(actor=world.staff, dossier=on_agenda, session=again)
    services.open_voting(actor=world.secretary, session=again)
    vote(world, again, lan, approvals=8, rejections=2)
    vote(world, again, binh, approvals=10)
    services.close_voting(actor=world.secretary, session=again)
    services.apply_results(actor=world.secretary, session=again)
    on_agenda.refresh_from_db()
    assert on_agenda.status == DossierStatus.VOTED
    assert dict(on_agenda.nominees.values_list("full_name", "outcome")) == {
        "Nguyễn Thị Lan": "awarded",
        "Trần Văn Bình": "awarded",
    }


def test_closing_with_members_missing_needs_confirmation_naming_them(world, on_agenda):
    lan = on_agenda.nominees.order_by("position_in_list").first()
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, lan, approvals=8)
    missing = services.members_not_voted(world.session)
    assert [m.user for m in missing] == world.members[8:]
    with pytest.raises(ValidationError) as error:
        services.close_voting(actor=world.secretary, session=world.session)
    assert error.value.messages == [
        f"Còn 2 thành viên chưa bỏ phiếu: {world.members[8]}, {world.members[9]}. "
        "Hãy xác nhận nếu vẫn kết thúc bỏ phiếu."
    ]
    world.session.refresh_from_db()
    assert world.session.status == SessionStatus.VOTING and not VoteResult.objects.exists()
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    world.session.refresh_from_db()
    assert world.session.status == SessionStatus.CLOSED


def test_an_absent_members_written_opinion_counts_where_the_rule_allows(world, on_agenda, strict_type):
    from .conftest import pdf

    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    absent = CouncilMember.objects.get(user=world.members[9])
    # The catalogue row says whether written opinions count: Lao động tiên tiến here does not yet.
    with pytest.raises(ValidationError) as error:
        services.record_written_opinion(
            actor=world.secretary, session=world.session, member=absent, choices={lan.pk: "dong_y"}, paper=pdf()
        )
    assert error.value.messages == [
        "Quy định của “Lao động tiên tiến” không tính ý kiến bằng văn bản của thành viên vắng mặt"
        " (xem danh mục danh hiệu, hình thức khen thưởng)."
    ]
    assert not BallotReceipt.objects.exists()
    strict_type.written_opinions_count = True
    strict_type.save()
    # 7 of 10 at the meeting (quorum met); 6 approve Lan (60% of all members, short of 70%):
    # the absent member's written approval makes it 7 of 10.
    vote(world, world.session, lan, approvals=6, rejections=1)
    vote(world, world.session, binh, approvals=7)
    opinion = services.record_written_opinion(
        actor=world.secretary,
        session=world.session,
        member=absent,
        choices={lan.pk: "dong_y", binh.pk: "khong_dong_y"},
        paper=pdf("y-kien-thanh-vien.pdf"),
    )
    assert (opinion.original_name, opinion.content_kind) == ("y-kien-thanh-vien.pdf", "pdf")
    # A member who voted at the meeting has no written opinion to add, nor one twice.
    with pytest.raises(ValidationError):
        services.record_written_opinion(
            actor=world.secretary,
            session=world.session,
            member=CouncilMember.objects.get(user=world.members[0]),
            choices={lan.pk: "dong_y"},
            paper=pdf(),
        )
    with pytest.raises(ValidationError):
        services.record_written_opinion(
            actor=world.secretary, session=world.session, member=absent, choices={lan.pk: "dong_y"}, paper=pdf()
        )
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    results = {r.nominee.full_name: r for r in VoteResult.objects.select_related("nominee")}
    lan_result, binh_result = results["Nguyễn Thị Lan"], results["Trần Văn Bình"]
    # The quorum is who sat at the meeting; the written opinion counts in the tally only.
    assert (lan_result.present, lan_result.written_opinions, lan_result.approvals) == (7, 1, 7)
    assert (lan_result.approval_percent, lan_result.quorum_met, lan_result.passed) == (Decimal("70.00"), True, True)
    assert (binh_result.approvals, binh_result.rejections) == (7, 1)
    document = minutes_document(world.session)
    assert [m["name"] for m in document["written"]] == [str(world.members[9])]


def test_a_title_above_the_province_is_forwarded_upward(world, catalogue):
    award_type = catalogue["bang-khen-thu-tuong"]
    award_type.quorum = Decimal("50")
    award_type.save()
    AwardRecord.objects.create(
        award_type=catalogue["bang-khen-chu-tich-tinh"],
        year=2020,
        full_name="Nguyễn Thị Lan",
        birth_year=1980,
        unit=world.education,
        decision_reference="2020/QĐ-UBND",
    )
    dossier = make_ready(
        world, award_code="bang-khen-thu-tuong", excellent_years=5, initiative_scope="co_so", initiative_count=5
    )
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, dossier.nominees.get(), approvals=9, rejections=1)
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    services.apply_results(actor=world.secretary, session=world.session)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.nominees.get().outcome) == (DossierStatus.FORWARDED, Outcome.FORWARDED)


def decision_data(world, **overrides):
    return {
        "issuing_unit": world.province,
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
        "number": "1520",
        "symbol": "QĐ-UBND",
        "place": "Bắc Ninh",
        "issued_on": datetime.date(2025, 12, 20),
        "title": "Về việc tặng danh hiệu Lao động tiên tiến",
        "legal_bases": "Căn cứ Luật Thi đua, khen thưởng;",
        "signer_name": "Vương Quốc Tuấn",
        **overrides,
    }


def test_the_decision_lands_each_awarded_nominee_in_the_award_history(world, on_agenda, strict_type):
    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, lan, approvals=10)
    vote(world, world.session, binh, approvals=10)
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    services.apply_results(actor=world.secretary, session=world.session)
    with pytest.raises(ValidationError) as error:
        services.issue_decision(
            actor=world.staff, session=world.session, award_type=strict_type, data=decision_data(world), nominees=[]
        )
    assert error.value.messages == ["Hãy chọn ít nhất một người, tập thể được khen thưởng trong quyết định."]
    decision = services.issue_decision(
        actor=world.staff,
        session=world.session,
        award_type=strict_type,
        data=decision_data(world),
        nominees=[lan],
    )
    on_agenda.refresh_from_db()
    assert on_agenda.status == DossierStatus.VOTED  # Bình still waits for a decision
    services.issue_decision(
        actor=world.staff,
        session=world.session,
        award_type=strict_type,
        data=decision_data(world, number="1521"),
        nominees=[binh],
    )
    on_agenda.refresh_from_db()
    assert on_agenda.status == DossierStatus.DECIDED
    assert list(AwardRecord.objects.order_by("full_name").values_list("full_name", "year", "birth_year", "unit")) == [
        ("Nguyễn Thị Lan", 2025, 1980, world.education.pk),
        ("Trần Văn Bình", 2025, 1980, world.education.pk),
    ]
    assert AwardRecord.objects.get(full_name="Nguyễn Thị Lan").reference == "1520/QĐ-UBND ngày 20/12/2025"
    document = decision_document(decision)
    assert document["reference"] == "1520/QĐ-UBND"
    assert document["header"] == {
        "parent_body": "",
        "issuing_body": "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH",
        "number": "1520",
        "symbol": "QĐ-UBND",
        "place": "Bắc Ninh",
        "date": datetime.date(2025, 12, 20),
    }
    assert document["award_phrase"] == "danh hiệu “Lao động tiên tiến”"
    assert document["date_line"] == "Bắc Ninh, ngày 20 tháng 12 năm 2025"
    assert document["signer"] == {"authority": "KT. CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH", "name": "Vương Quốc Tuấn"}
    assert [(r["number"], r["name"], r["position"], r["workplace"]) for r in document["appendix"]] == [
        (1, "Nguyễn Thị Lan", "Giáo viên", "Sở Giáo dục và Đào tạo")
    ]


def test_a_decision_number_cannot_be_used_twice(world, on_agenda, strict_type):
    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, lan, approvals=10)
    vote(world, world.session, binh, approvals=10)
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    services.apply_results(actor=world.secretary, session=world.session)
    args = {"actor": world.staff, "session": world.session, "award_type": strict_type, "data": decision_data(world)}
    services.issue_decision(**args, nominees=[lan])
    with pytest.raises(ValidationError) as error:
        services.issue_decision(**args, nominees=[binh])
    assert error.value.messages == ["Cơ quan này đã có quyết định cùng số, ký hiệu và ngày ký."]
    assert AwardRecord.objects.count() == 1


def test_the_minutes_hold_who_took_part_and_the_tally(world, on_agenda):
    lan, binh = on_agenda.nominees.order_by("position_in_list")
    services.open_voting(actor=world.secretary, session=world.session)
    vote(world, world.session, lan, approvals=7, rejections=1)
    vote(world, world.session, binh, approvals=8)
    services.close_voting(actor=world.secretary, session=world.session, confirmed=True)
    doc = minutes_document(world.session)
    assert (doc["members_total"], len(doc["present"]), len(doc["absent"])) == (10, 8, 2)
    assert doc["header"] == {
        "parent_body": "Ủy ban nhân dân tỉnh Bắc Ninh",
        "issuing_body": "Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh",
        "number": "",
        "symbol": "BB-HĐTĐKT",
        "place": "Bắc Ninh",
        "date": datetime.date(2025, 12, 15),
    }
    assert [s["authority"] for s in doc["signers"]] == ["CHỦ TRÌ", "THƯ KÝ"]
    assert doc["chair"]["name"] == str(world.chair)
    assert [(n["name"], n["approvals"], n["rejections"], n["passed"]) for n in doc["agenda"][0]["nominees"]] == [
        ("Nguyễn Thị Lan", 7, 1, True),
        ("Trần Văn Bình", 8, 0, True),
    ]


def test_opening_the_vote_emails_every_member_after_commit(world, on_agenda, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.open_voting(actor=world.secretary, session=world.session)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in world.members)
    assert mail.outbox[0].subject == "[TĐKT] Mở bỏ phiếu kín: Phiên họp xét khen thưởng cuối năm 2025"


@pytest.mark.django_db(transaction=True)
def test_two_sheets_sent_at_the_same_moment_count_once(world, strict_type):
    """Two tabs posting the same member's sheet together: exactly one ballot is kept."""
    import threading

    from django.db import connection

    dossier = make_ready(world)
    services.schedule_dossier(actor=world.staff, dossier=dossier, session=world.session)
    services.open_voting(actor=world.secretary, session=world.session)
    nominee = dossier.nominees.get()
    member = world.members[4]
    start = threading.Barrier(2)
    outcomes = []

    def send():
        start.wait()
        try:
            services.cast_ballots(actor=member, session=world.session, choices={nominee.pk: "dong_y"})
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [
        "Bạn đã bỏ phiếu cho Nguyễn Thị Lan; mỗi thành viên chỉ bỏ một phiếu cho mỗi người, tập thể.",
        "ok",
    ]
    assert (ballot_boxes(world.session), BallotReceipt.objects.count()) == ({"Nguyễn Thị Lan": (1, 0)}, 1)
