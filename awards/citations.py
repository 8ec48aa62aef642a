"""The wording of an award decision that the law fixes: its legal bases (one law or decree per
paragraph, with number, date and full name, from the `LegalText` rows), its title with the year,
the achievement Điều 1 names, who Điều 3 names, and the fund the money comes from."""

from django.utils import timezone

from documents.parts import date_text, number_text

from .models import DossierKind, LegalText, NomineeKind


def legal_bases(day, session=None) -> list[str]:
    """ "Căn cứ …;" one per paragraph: the texts cited in decisions and in force on `day`, then the
    council's minutes with their number and date when the decision follows a session."""
    lines = [text.citation + ";" for text in LegalText.objects.in_force_on(day).filter(cited_in_decisions=True)]
    if session is not None:
        council = session.council.name
        held_on = date_text(timezone.localtime(session.meets_at).date())
        if session.minutes_number:
            number = f"{number_text(session.minutes_number)}/{session.minutes_symbol}"
            lines.append(f"Căn cứ Biên bản số {number} {held_on} của {council};")
        else:
            lines.append(f"Căn cứ kết quả họp {council} {held_on};")
    return lines


def year_of(nominees) -> int | None:
    years = {n.dossier.year for n in nominees}
    return max(years) if years else None


def decision_title(award_type, year: int | None) -> str:
    """ "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025" """
    return f"Về việc tặng {award_type.award_phrase}" + (f" năm {year}" if year else "")


def achievement(nominees) -> str:
    """What Điều 1 says the nominees did: the dossier's kind and movement, with the year."""
    dossiers = {n.dossier_id: n.dossier for n in nominees}
    if not dossiers:
        return ""
    dossier = next(iter(dossiers.values()))
    year = year_of(nominees)
    if dossier.kind == DossierKind.THEMATIC and dossier.movement_id:
        return f"đã có thành tích xuất sắc trong phong trào thi đua “{dossier.movement.name}” năm {year}"
    if dossier.kind == DossierKind.AD_HOC:
        return f"đã có thành tích xuất sắc đột xuất năm {year}"
    if dossier.kind == DossierKind.DEDICATION:
        return "đã có quá trình cống hiến xuất sắc"
    return f"đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}"


def awarded_people(nominees) -> str:
    """Who Điều 3 names: "các cá nhân", "các tập thể", "các cá nhân, tập thể" (households too)."""
    kinds = {n.kind for n in nominees}
    words = [
        word
        for kind, word in (
            (NomineeKind.PERSON, "cá nhân"),
            (NomineeKind.HOUSEHOLD, "hộ gia đình"),
            (NomineeKind.COLLECTIVE, "tập thể"),
        )
        if kind in kinds
    ]
    return "các " + ", ".join(words) if words else ""


def prize_fund(unit) -> str:
    """ "Quỹ Thi đua, khen thưởng tỉnh Bắc Ninh" for a UBND; "… của Sở Y tế" for an agency."""
    place = unit.committee_place
    if place:
        return f"Quỹ Thi đua, khen thưởng {place[0]} {place[1]}"
    return f"Quỹ Thi đua, khen thưởng của {unit.name}"
