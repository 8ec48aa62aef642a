"""The dossier and session workflows, declared once: services, views, templates and e-mails read
these tables. `audience` says who is told by e-mail after the change commits."""

from dataclasses import dataclass

from .models import DossierStatus, SessionStatus


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str  # button text
    done_message: str  # flash message and activity log summary
    permission: str  # rules permission checked against (user, dossier) or (user, session)
    audience: str = ""  # "unit", "staff" or "council": who gets the e-mail
    needs_reason: bool = False
    # False: happens as part of another action (the council's results, a decision), never a button.
    manual: bool = True
    css: str = "primary"


DOSSIER_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            name="submit",
            sources=(DossierStatus.DRAFT,),
            target=DossierStatus.SUBMITTED,
            label="Gửi hồ sơ",
            done_message="Đã gửi hồ sơ đề nghị khen thưởng.",
            permission="awards.submit_dossier",
            audience="staff",
        ),
        Transition(
            name="resubmit",
            sources=(DossierStatus.RETURNED,),
            target=DossierStatus.SUBMITTED,
            label="Gửi lại hồ sơ đã bổ sung",
            done_message="Đã gửi lại hồ sơ sau khi bổ sung.",
            permission="awards.submit_dossier",
            audience="staff",
        ),
        Transition(
            name="start_appraisal",
            sources=(DossierStatus.SUBMITTED,),
            target=DossierStatus.APPRAISING,
            label="Tiếp nhận và thẩm định",
            done_message="Đã tiếp nhận hồ sơ để thẩm định.",
            permission="awards.appraise_dossier",
            audience="unit",
        ),
        Transition(
            name="request_papers",
            sources=(DossierStatus.APPRAISING,),
            target=DossierStatus.RETURNED,
            label="Yêu cầu bổ sung hồ sơ",
            done_message="Đã yêu cầu đơn vị bổ sung hồ sơ.",
            permission="awards.appraise_dossier",
            audience="unit",
            needs_reason=True,
            css="secondary",
        ),
        Transition(
            name="mark_ready",
            sources=(DossierStatus.APPRAISING,),
            target=DossierStatus.READY,
            label="Đủ điều kiện, trình Hội đồng",
            done_message="Hồ sơ đã đủ điều kiện trình Hội đồng.",
            permission="awards.appraise_dossier",
            audience="unit",
        ),
        Transition(
            name="council_approve",
            sources=(DossierStatus.READY,),
            target=DossierStatus.VOTED,
            label="Hội đồng đề nghị khen thưởng",
            done_message="Hội đồng đã bỏ phiếu đề nghị khen thưởng; chờ quyết định.",
            permission="awards.apply_results",
            audience="unit",
            manual=False,
        ),
        Transition(
            name="council_forward",
            sources=(DossierStatus.READY,),
            target=DossierStatus.FORWARDED,
            label="Trình cấp trên",
            done_message="Hội đồng đã bỏ phiếu đề nghị; hồ sơ được trình cấp trên.",
            permission="awards.apply_results",
            audience="unit",
            manual=False,
        ),
        Transition(
            name="council_reject",
            sources=(DossierStatus.READY,),
            target=DossierStatus.NOT_AWARDED,
            label="Không khen thưởng",
            done_message="Hội đồng không đề nghị khen thưởng hồ sơ này.",
            permission="awards.apply_results",
            audience="unit",
            manual=False,
        ),
        Transition(
            name="decide",
            sources=(DossierStatus.VOTED,),
            target=DossierStatus.DECIDED,
            label="Ban hành quyết định khen thưởng",
            done_message="Đã có quyết định khen thưởng.",
            permission="awards.issue_decision",
            audience="unit",
            manual=False,
        ),
    ]
}


SESSION_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            name="open_voting",
            sources=(SessionStatus.PLANNED,),
            target=SessionStatus.VOTING,
            label="Mở bỏ phiếu",
            done_message="Đã mở bỏ phiếu kín.",
            permission="awards.run_session",
            audience="council",
        ),
        Transition(
            name="close_voting",
            sources=(SessionStatus.VOTING,),
            target=SessionStatus.CLOSED,
            label="Kết thúc bỏ phiếu và kiểm phiếu",
            done_message="Đã kết thúc bỏ phiếu; kết quả kiểm phiếu đã có.",
            permission="awards.run_session",
            audience="council",
        ),
        Transition(
            name="apply_results",
            sources=(SessionStatus.CLOSED,),
            target=SessionStatus.APPLIED,
            label="Áp dụng kết quả",
            done_message="Đã áp dụng kết quả cho các hồ sơ.",
            permission="awards.run_session",
        ),
    ]
}


def transitions_from(table: dict, status: str, manual_only: bool = True) -> list[Transition]:
    return [t for t in table.values() if status in t.sources and (t.manual or not manual_only)]


# Which council transition applies a dossier's outcome.
COUNCIL_TRANSITION_FOR = {"awarded": "council_approve", "forwarded": "council_forward", "not_awarded": "council_reject"}
