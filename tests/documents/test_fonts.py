"""No system font may end up in a document, whatever its CSS asks for or its text contains."""

import shutil
import subprocess

import pytest
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from documents.fonts import ClosedFontConfiguration
from documents.rendering import BASE_URL, StaticFetcher, html_to_pdf

from .pdf_tools import MM, Pdf, squash

# Text our font lacks (CJK, a snowman) in families the system has (DejaVu on Debian).
TEMPTING = """<html><body>
<p>Cộng hòa xã hội chủ nghĩa Việt Nam: Ơ Ư ạ ặ ỹ</p>
<p style="font-family: 'DejaVu Sans'">DejaVu Sans? 漢字 ☃</p>
<p style="font-family: monospace">monospace</p>
<p style="font-family: sans-serif; font-weight: bold">sans-serif</p>
</body></html>"""


def font_names(content: bytes) -> set[str]:
    return {f["name"] for f in Pdf(content).fonts()}


def test_a_document_asking_for_system_fonts_gets_only_ours():
    names = font_names(html_to_pdf(TEMPTING).content)
    assert names == {"Liberation-Serif", "Liberation-Serif-Bold"}


def test_the_stock_configuration_would_have_used_a_system_font():
    """The check above means something only if this machine has fonts to fall back to."""
    if not shutil.which("fc-list"):
        pytest.skip("fc-list (Debian package fontconfig) is not installed")
    system_fonts = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    if not [f for f in system_fonts.splitlines() if f.strip() and "Liberation" not in f]:
        pytest.skip("no system font other than Liberation on this machine")
    content = HTML(string=TEMPTING).write_pdf(font_config=FontConfiguration())
    assert any(not name.startswith("Liberation") for name in font_names(content))


def test_font_face_rules_cannot_bring_in_another_font():
    html = """<html><head><style>
    @font-face { font-family: Other;
                 src: local("DejaVu Sans"), url("file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"); }
    body { font-family: Other; }
    </style></head><body><p>Chữ Việt</p></body></html>"""
    assert font_names(html_to_pdf(html).content) == {"Liberation-Serif"}


def test_missing_font_file_stops_instead_of_rendering_without_fonts(tmp_path):
    with pytest.raises(FileNotFoundError, match="Không nạp được phông chữ"):
        ClosedFontConfiguration(font_files=[tmp_path / "missing.ttf"])


@pytest.mark.parametrize(
    "url", ["https://example.com/logo.png", "file:///etc/passwd", BASE_URL + "static/khong-co.png"]
)
def test_documents_fetch_only_our_static_files(url):
    html = f'<html><body><img src="{url}"><p>x</p></body></html>'
    with pytest.raises(FatalURLFetchingError):
        HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFetcher()).write_pdf(
            font_config=ClosedFontConfiguration()
        )


def test_closed_configuration_sets_up_what_the_stock_one_does():
    """It re-implements FontConfiguration.__init__; a WeasyPrint upgrade that changes the stock
    attributes must be looked at before it reaches production."""
    assert set(vars(ClosedFontConfiguration())) == set(vars(FontConfiguration()))


def test_production_static_files_with_hashed_names_are_found(settings, tmp_path):
    """With DEBUG off, {% static %} gives hashed names only the collected copies carry."""
    from django.core.management import call_command
    from django.templatetags.static import static

    from documents.rendering import render_pdf

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert static("css/document.css") != "/static/css/document.css"
    (tmp_path / "doc.html").write_text(
        '{% load static %}<html><head><link rel="stylesheet" href="{% static "css/document.css" %}"></head>'
        "<body><p>Chữ Việt</p></body></html>",
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    pdf = Pdf(render_pdf("doc.html", {}))
    assert squash(pdf.text()) == "Chữ Việt"
    # The collected stylesheet's @page margin applied (WeasyPrint's own is 75 px).
    assert round(pdf.words(1)[0].x_min / MM) == 30
