"""The Word files, opened in LibreOffice, run to about as many pages as the PDFs: the plan with
its appendices, a decision with its list, the council minutes, the covenant and the ranking.

Every .docx is converted in one `soffice --headless --convert-to pdf` call (LibreOffice starts
once: the conversion costs seconds, not a start per file). scripts/test.sh installs LibreOffice
Writer and the Liberation fonts that stand in for Times New Roman, as Word's own substitution
would on a machine without it."""

import os
import shutil
import subprocess

import pytest

from awards import printing as award_printing
from awards.models import Decision
from documents.rendering import html_to_pdf, render_html
from emulation import documents as emulation_documents
from emulation.demo import load_emulation_demo
from emulation.models import CriteriaTable
from plans.models import Plan
from tasks.printing import plan_docx, render_plan
from tdkt_portal.demo import load_demo

from .pdf_tools import Pdf

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice")


@pytest.fixture
def soffice():
    if SOFFICE:
        return SOFFICE
    message = "LibreOffice (soffice) chưa được cài: scripts/test.sh cài gói libreoffice-writer-nogui."
    # In CI (scripts/test.sh) a missing LibreOffice is a failure, never a silent skip.
    if os.environ.get("TDKT_REQUIRE_SERVICES"):
        pytest.fail(message)
    pytest.skip(message)


def _pages(template, context) -> int:
    return html_to_pdf(render_html(template, context)).page_count


def documents_of_the_demo() -> dict[str, tuple[bytes, int]]:
    """name → (the .docx, the page count of the same document's PDF)."""
    load_demo()
    load_emulation_demo()
    plan = Plan.objects.get(number="196", symbol="KH-UBND")
    decision = Decision.objects.filter(session__isnull=False).order_by("pk").first()
    session = decision.session
    table = CriteriaTable.objects.select_related("group").get()
    group = table.group
    return {
        "ke-hoach": (plan_docx(plan), render_plan(plan.pk)[1].page_count),
        "quyet-dinh": (
            award_printing.decision_docx(decision),
            award_printing.render_decision(decision).page_count,
        ),
        "bien-ban": (
            award_printing.minutes_docx(session),
            _pages(award_printing.MINUTES_TEMPLATE, award_printing.minutes_context(session)),
        ),
        "giao-uoc": (
            emulation_documents.covenant_docx(group),
            _pages(emulation_documents.COVENANT_TEMPLATE, emulation_documents.covenant_context(group)),
        ),
        "xep-hang": (
            emulation_documents.ranking_docx(table),
            _pages(emulation_documents.RANKING_TEMPLATE, emulation_documents.ranking_context(table)),
        ),
    }


def converted(soffice, folder, files: dict[str, bytes]) -> dict[str, Pdf]:
    for name, content in files.items():
        (folder / f"{name}.docx").write_bytes(content)
    out = folder / "pdf"
    # A profile of its own: no clash with a LibreOffice someone has open, nothing left in $HOME.
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(folder / f"{name}.docx") for name in files),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {name: Pdf((out / f"{name}.pdf").read_bytes()) for name in files}


def test_each_word_file_has_the_pdfs_page_count_give_or_take_one(soffice, tmp_path):
    documents = documents_of_the_demo()
    pdfs = converted(soffice, tmp_path, {name: docx for name, (docx, _) in documents.items()})
    # Times New Roman was read as Liberation Serif (same widths), not as some other fallback font.
    fonts = {font["name"] for pdf in pdfs.values() for font in pdf.fonts()}
    assert fonts and all(name.startswith("LiberationSerif") for name in fonts), fonts
    converted_pages = {name: pdf.page_count for name, pdf in pdfs.items()}
    expected = {name: pages for name, (_, pages) in documents.items()}
    assert expected["ke-hoach"] > 5 and expected["quyet-dinh"] >= 2  # the appendices and the list are in
    far = {
        name: (converted_pages[name], pages)
        for name, pages in expected.items()
        if abs(converted_pages[name] - pages) > 1
    }
    assert far == {}, (
        f"(Word qua LibreOffice, PDF) khác nhau quá một trang: {far}; tất cả: {converted_pages} / {expected}"
    )
