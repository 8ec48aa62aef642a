"""docs/workflows.md is generated from the declared workflows; it must say what the code does."""

import pytest
from django.core.management import CommandError, call_command

from tdkt_portal.management.commands.workflow_docs import differences, docs_path, workflow_docs
from workflows.docs import COMMAND


def test_the_committed_docs_are_the_ones_the_code_generates():
    committed = docs_path().read_text(encoding="utf-8") if docs_path().exists() else ""
    expected = workflow_docs()
    if committed != expected:
        pytest.fail(
            f"docs/workflows.md differs from the workflows declared in the code. Regenerate it with\n\n"
            f"    {COMMAND}\n\nand commit it. What would change:\n{differences(committed, expected)}",
            pytrace=False,
        )


def test_check_passes_on_the_committed_docs():
    call_command("workflow_docs", "--check")


def test_check_names_the_command_to_run_when_the_docs_drift(monkeypatch):
    monkeypatch.setattr(
        "tdkt_portal.management.commands.workflow_docs.workflow_docs", lambda: "# Workflows\n\nsomething new\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("workflow_docs", "--check")
    assert str(error.value).startswith(
        f"docs/workflows.md is out of date with the workflows in the code: run `{COMMAND}`.\n"
    )
    assert "+something new\n" in str(error.value)


def test_every_workflow_has_its_section_and_diagram():
    text = workflow_docs()
    for title in (
        "Kế hoạch",
        "Tiến độ nhiệm vụ (từng kỳ thực hiện)",
        "Hồ sơ đề nghị khen thưởng",
        "Phiên họp Hội đồng Thi đua – Khen thưởng",
        "Năm thi đua của Cụm, Khối: chấm điểm và công bố kết quả",
    ):
        assert f"\n## {title}\n" in text
    assert text.count("```mermaid\nstateDiagram-v2\n") == 5
    assert "| `submit` | Gửi hồ sơ | `draft` | `submitted` | `awards.submit_dossier` (rules) | – " in text
    assert "    ready --> voted: council_approve\n" in text
