"""axe-core over the main pages of every role in the demo: no serious or critical violation.

axe-core (MPL-2.0, Deque Systems) comes with the pinned test package axe-playwright-python
(requirements-dev.txt), which ships its axe.min.js inside the wheel: the script is injected
into the page from disk, with no network at run time."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.pages import demo_pages, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def blocking_violations(page, axe) -> list[str]:
    results = axe.run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(
            " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
            for node in violation["nodes"][:5]
        )
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_the_vendored_axe_finds_what_it_should(page):
    """The check can fail: a page with grey-on-white text and an unlabelled field has violations."""
    page.set_content(
        '<html lang="vi"><head><title>Thử</title></head><body><main>'
        '<p style="color:#bbb;background:#fff">Chữ nhạt</p><input type="text"></main></body></html>'
    )
    found = blocking_violations(page, Axe())
    assert [line.split(" ")[0] for line in found] == ["color-contrast", "label"]


def test_main_pages_of_every_role_have_no_serious_violations(page):
    pages = demo_pages()
    axe = Axe()
    found = {}
    for username, urls in pages.items():
        sign_in(page, username)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, f"{username} {url}"
            page.wait_for_load_state("networkidle")
            violations = blocking_violations(page, axe)
            if violations:
                found[f"{username} {url}"] = violations
    assert found == {}
