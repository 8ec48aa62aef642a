import io

from pypdf import PdfReader

from documents.signing import Pkcs12Signer, sign_pdf

from .certificates import MadeUpAuthority
from .pdf_tools import Pdf
from .test_signing import ORGANISATION, document


def structure(content: bytes) -> dict:
    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    metadata = root["/Metadata"].get_object().get_data().decode()
    intents = [intent.get_object() for intent in root.get("/OutputIntents", [])]
    return {
        "part": "<pdfaid:part>2</pdfaid:part>" in metadata or 'pdfaid:part="2"' in metadata,
        "conformance": "<pdfaid:conformance>B</pdfaid:conformance>" in metadata or 'pdfaid:conformance="B"' in metadata,
        "intents": [str(intent["/S"]) for intent in intents],
        "profile": all("/DestOutputProfile" in intent for intent in intents),
    }


def test_an_archival_pdf_declares_pdfa_2b_with_its_colour_profile_and_embedded_fonts():
    archival = document(archival=True)
    assert structure(archival.content) == {
        "part": True,
        "conformance": True,
        "intents": ["/GTS_PDFA1"],
        "profile": True,
    }
    assert all(font["embedded"] for font in Pdf(archival.content).fonts())
    ordinary = PdfReader(io.BytesIO(document().content)).trailer["/Root"]
    assert "/OutputIntents" not in ordinary


def test_signing_an_archival_pdf_keeps_it_archival(tmp_path):
    signer = Pkcs12Signer(MadeUpAuthority.create().pkcs12_file(tmp_path, ORGANISATION), "mat-khau")
    signed = sign_pdf(document(archival=True), signer, reason="Ban hành")
    assert structure(signed.content)["part"] and structure(signed.content)["intents"] == ["/GTS_PDFA1"]
