from django.urls import include, path

from . import views

app_name = "emulation"

# One group's pages, under /cum-khoi/<id>/.
group_patterns = [
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/nam-sau/", views.group_copy, name="group_copy"),
    path("<int:pk>/thanh-vien/ra-soat/", views.member_review, name="member_review"),
    path("<int:pk>/giao-uoc/", views.covenant_edit, name="covenant_edit"),
    path("<int:pk>/giao-uoc/ky/", views.covenant_sign, name="covenant_sign"),
    path("<int:pk>/giao-uoc/ban-in/", views.covenant_preview, name="covenant_preview"),
    path("<int:pk>/giao-uoc/pdf/", views.covenant_pdf, name="covenant_pdf"),
    path("<int:pk>/tieu-chi/", views.criteria, name="criteria"),
    path("<int:pk>/tieu-chi/xuat-excel/", views.criteria_export, name="criteria_export"),
    path("<int:pk>/tieu-chi/<int:criterion_id>/sua/", views.criterion_edit, name="criterion_edit"),
    path("<int:pk>/tieu-chi/<int:criterion_id>/xoa/", views.criterion_delete, name="criterion_delete"),
    path("<int:pk>/tieu-chi/<slug:action>/", views.criteria_action, name="criteria_action"),
    path("<int:pk>/cham-diem/", views.scoring, name="scoring"),
    path("<int:pk>/cham-diem/<int:criterion_id>/tai-lieu/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/don-vi/<int:unit_id>/", views.unit_scores, name="unit_scores"),
    path("<int:pk>/don-vi/<int:unit_id>/<int:criterion_id>/dieu-chinh/", views.adjust, name="adjust"),
    path("<int:pk>/xep-hang/", views.ranking_page, name="ranking"),
    path("<int:pk>/xep-hang/cong-bo/", views.publish, name="publish"),
    path("<int:pk>/xep-hang/de-nghi-khen-thuong/", views.propose, name="propose"),
    path("<int:pk>/xep-hang/xuat-excel/", views.ranking_export, name="ranking_export"),
    path("<int:pk>/xep-hang/ban-in/", views.ranking_preview, name="ranking_preview"),
    path("<int:pk>/xep-hang/pdf/", views.ranking_pdf, name="ranking_pdf"),
    path("tai-lieu/<int:evidence_id>/", views.evidence_download, name="evidence"),
]

# Mounted at the site root: the list of groups stays where it always was, beside the unit registry.
urlpatterns = [
    path("don-vi/cum-khoi-thi-dua/", views.group_list, name="groups"),
    path("cum-khoi/", include(group_patterns)),
]
