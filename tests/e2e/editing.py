"""Steps the plan-editing browser tests share.

The new-task form arrives by htmx. Its unit pickers start listening only once htmx has taken the
form in, and the timing hint is fetched at that same moment. A test that types into a picker before
then sends no search: that is a race in the test, not a fault a person could meet.
"""


def open_new_task_form(page, scope=None):
    """Clicks "+ Thêm nhiệm vụ" in `scope` (the page by default) and returns the form once it is live."""
    scope = scope or page
    with page.expect_response(lambda response: "/thoi-gian/" in response.url):
        scope.get_by_role("button", name="+ Thêm nhiệm vụ").click()
    return scope.locator("form.new-task")


def search_units(page, box, typed):
    """Types `typed` into a unit picker and waits for the registry's answer."""
    with page.expect_response(lambda response: "/don-vi/tim/" in response.url):
        box.fill(typed)
