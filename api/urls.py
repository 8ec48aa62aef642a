from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import pages, views

app_name = "api"


class Router(SimpleRouter):
    """path() routes with converters (no regular expressions), one per list and item."""

    def __init__(self):
        super().__init__(use_regex_path=False)


router = Router()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("appendices", views.AppendixViewSet, basename="appendix")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("occurrences", views.OccurrenceViewSet, basename="occurrence")
router.register("progress-updates", views.ProgressUpdateViewSet, basename="progress-update")
router.register("units", views.UnitViewSet, basename="unit")
router.register("award-types", views.AwardTypeViewSet, basename="award-type")
router.register("dossiers", views.DossierViewSet, basename="dossier")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("notifications", views.NotificationViewSet, basename="notification")


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("tai-khoan/", pages.account, name="account"),
    path("tai-khoan/khoa-api/tao/", pages.token_create, name="token_create"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", pages.token_revoke, name="token_revoke"),
    path("tai-khoan/lich/doi-dia-chi/", pages.calendar_renew, name="calendar_renew"),
    path("tai-khoan/lich/tat/", pages.calendar_stop, name="calendar_stop"),
    path("lich/<str:key>.ics", pages.calendar_feed, name="calendar_feed"),
]
