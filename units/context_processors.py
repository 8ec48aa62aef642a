from .permissions import allowed


def navigation(request):
    """What the top menu offers, from the same predicates the views check."""
    user = request.user
    return {"nav_unit_tasks": allowed(user, "tasks.view_unit_tasks")} if user.is_authenticated else {}
