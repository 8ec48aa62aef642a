"""The wording of an award decision that the law fixes: its legal bases (one law or decree per
paragraph, with number, date and full name, from the `LegalText` rows), its title with the year,
the achievement Điều 1 names, who Điều 3 names, and the fund the money comes from."""

import datetime

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


def _as_citation(line: str) -> str:
    """A typed "Căn cứ" line as `LegalText.citation` writes it: spaces collapsed, the closing
    ";" or "." dropped, so a line the form offered still matches after a stray space."""
    return " ".join(line.split()).rstrip(";.").rstrip()


def bases_out_of_force(lines, day) -> list[str]:
    """Why the "Căn cứ" lines cannot stand in a decision signed on `day` (empty: they can).

    Only lines citing a `LegalText` cited in decisions are checked: one message per such text not
    in force on `day`, then the lines in force that day, to copy. The minutes line and anything
    else typed are the user's own and are not judged. The decision is refused rather than its
    lines rewritten: a law swapped behind the user's back is a guess they cannot see."""
    cited = {text.citation: text for text in LegalText.objects.filter(cited_in_decisions=True)}
    in_force = list(LegalText.objects.in_force_on(day).filter(cited_in_decisions=True))
    typed = dict.fromkeys(cited[key] for line in lines if (key := _as_citation(line)) in cited)
    stale = [text for text in typed if text not in in_force]
    if not stale:
        return []
    return [
        *(_out_of_force(text, day, in_force) for text in stale),
        f"Các căn cứ có hiệu lực ngày ký {day:%d/%m/%Y}, mỗi căn cứ một dòng:",
        *(text.citation + ";" for text in in_force),
    ]


def _out_of_force(text: LegalText, day, in_force) -> str:
    """ "Căn cứ “Nghị định số 98/2023/NĐ-CP …” không còn hiệu lực ngày ký 05/01/2026 (hết hiệu
    lực từ 01/07/2025). Văn bản đang có hiệu lực ngày đó: Nghị định số 152/2025/NĐ-CP …" """
    name = text.citation.removeprefix("Căn cứ ")
    if text.in_force_from and day < text.in_force_from:
        why = f"chưa có hiệu lực ngày ký {day:%d/%m/%Y} (có hiệu lực từ {text.in_force_from:%d/%m/%Y})"
    else:
        # in_force_to is the last day in force (in_force_on includes it): it ceased the day after.
        ceased = text.in_force_to + datetime.timedelta(days=1)
        why = f"không còn hiệu lực ngày ký {day:%d/%m/%Y} (hết hiệu lực từ {ceased:%d/%m/%Y})"
    # The text standing in its place that day: same kind, same place in the list (the catalogue
    # gives a decree and the one replacing it the same position).
    instead = [other for other in in_force if other.kind == text.kind and other.position == text.position]
    if instead:
        names = "; ".join(other.citation.removeprefix("Căn cứ ") for other in instead)
        return f"Căn cứ “{name}” {why}. Văn bản đang có hiệu lực ngày đó: {names}."
    return f"Căn cứ “{name}” {why}."


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
