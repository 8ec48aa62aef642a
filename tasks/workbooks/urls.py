"""Appendix workbook pages. They sit under a plan's address and in the `plans` namespace
("plans:import_start"), like the rest of the plan page; tdkt_portal/urls.py puts them there, since
plans, below tasks, cannot import them."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/phu-luc/<int:appendix_id>/excel/", views.appendix_export, name="appendix_export"),
    path("<int:pk>/phu-luc/<int:appendix_id>/khop-lai-don-vi/", views.appendix_relink, name="appendix_relink"),
    path("<int:pk>/nhap-excel/", views.import_start, name="import_start"),
    path("<int:pk>/nhap-excel/<uuid:import_id>/", views.import_detail, name="import_detail"),
    path("<int:pk>/nhap-excel/<uuid:import_id>/bao-cao-loi/", views.import_report, name="import_report"),
    path("<int:pk>/nhap-excel/<uuid:import_id>/huy/", views.import_cancel, name="import_cancel"),
]
