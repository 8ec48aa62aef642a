"""At 390×844 (a common phone), no page a unit officer, a Cụm/Khối trưởng, a council member or a plan
editor uses scrolls sideways: tables become stacked rows, filters fold away."""

import pytest

from tests.e2e.pages import demo_pages, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# The element that sticks out furthest, to say what to fix when a page fails.
OVERFLOW = """() => {
  const root = document.documentElement;
  const extra = root.scrollWidth - root.clientWidth;
  if (extra <= 0) return null;
  let worst = null, right = root.clientWidth;
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > right) { right = box.right; worst = el; }
  }
  if (!worst) return extra + " px";
  const classes = String(worst.className).trim().replace(/\\s+/g, ".");
  return extra + " px (" + worst.tagName.toLowerCase() + (classes ? "." + classes : "") + ")";
}"""


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE, is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sideways(page, urls) -> dict:
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        extra = page.evaluate(OVERFLOW)
        if extra:
            found[url] = extra
    return found


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(phone):
    pages = demo_pages()
    found = {}
    for username, urls in pages.items():
        sign_in(phone, username)
        found |= {f"{username} {url}": extra for url, extra in sideways(phone, urls).items()}
    assert found == {}
