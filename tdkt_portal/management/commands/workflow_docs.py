"""docs/workflows.md from the workflows declared in the code (see workflows.docs)."""

import difflib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from awards.services import DOSSIER_WORKFLOW, SESSION_WORKFLOW
from emulation.services import SCORING_WORKFLOW
from plans.services import PLAN_WORKFLOW
from tasks.progress import STATUS_WORKFLOW
from workflows.docs import COMMAND, render

WORKFLOWS = {
    "plans.services.PLAN_WORKFLOW": PLAN_WORKFLOW,
    "tasks.progress.STATUS_WORKFLOW": STATUS_WORKFLOW,
    "awards.services.DOSSIER_WORKFLOW": DOSSIER_WORKFLOW,
    "awards.services.SESSION_WORKFLOW": SESSION_WORKFLOW,
    "emulation.services.SCORING_WORKFLOW": SCORING_WORKFLOW,
}


def docs_path():
    return settings.BASE_DIR / "docs" / "workflows.md"


def workflow_docs() -> str:
    return render(WORKFLOWS)


def differences(committed: str, expected: str) -> str:
    """What `COMMAND` would change in the committed file, as a unified diff."""
    return "".join(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            "docs/workflows.md (committed)",
            "docs/workflows.md (from the code)",
        )
    )


class Command(BaseCommand):
    help = "Ghi docs/workflows.md từ các quy trình khai báo trong mã; --check chỉ so sánh, báo lỗi nếu khác."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Không ghi; báo lỗi nếu tệp đã lưu khác với mã.")

    def handle(self, *args, check=False, **options):
        path, expected = docs_path(), workflow_docs()
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        if check:
            if committed != expected:
                raise CommandError(
                    f"docs/workflows.md is out of date with the workflows in the code: run `{COMMAND}`.\n"
                    + differences(committed, expected)
                )
            return
        if committed == expected:
            self.stdout.write("docs/workflows.md: không có gì thay đổi.")
            return
        path.parent.mkdir(exist_ok=True)
        path.write_text(expected, encoding="utf-8")
        self.stdout.write(f"Đã ghi {path.relative_to(settings.BASE_DIR)}.")
