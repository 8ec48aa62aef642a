from django.urls import include, path

from .views import covenant, criteria, groups, ranking, scoring

app_name = "emulation"

# One group's pages, under /cum-khoi/<id>/.
group_patterns = [
    path("<int:pk>/", groups.overview, name="overview"),
    path("<int:pk>/nam-sau/", groups.group_copy, name="group_copy"),
    path("<int:pk>/thanh-vien/ra-soat/", groups.member_review, name="member_review"),
    path("<int:pk>/giao-uoc/", covenant.covenant_edit, name="covenant_edit"),
    path("<int:pk>/giao-uoc/ky/", covenant.covenant_sign, name="covenant_sign"),
    path("<int:pk>/giao-uoc/ban-in/", covenant.covenant_preview, name="covenant_preview"),
    path("<int:pk>/giao-uoc/pdf/", covenant.covenant_pdf, name="covenant_pdf"),
    path("<int:pk>/giao-uoc/word/", covenant.covenant_docx, name="covenant_docx"),
    path("<int:pk>/tieu-chi/", criteria.criteria, name="criteria"),
    path("<int:pk>/tieu-chi/xuat-excel/", criteria.criteria_export, name="criteria_export"),
    path("<int:pk>/tieu-chi/<int:criterion_id>/sua/", criteria.criterion_edit, name="criterion_edit"),
    path("<int:pk>/tieu-chi/<int:criterion_id>/xoa/", criteria.criterion_delete, name="criterion_delete"),
    path("<int:pk>/tieu-chi/<slug:action>/", criteria.criteria_action, name="criteria_action"),
    path("<int:pk>/cham-diem/", scoring.scoring, name="scoring"),
    path("<int:pk>/cham-diem/nhac-don-vi/", scoring.remind_unscored, name="remind_unscored"),
    path("<int:pk>/cham-diem/<int:criterion_id>/tai-lieu/", scoring.evidence_upload, name="evidence_upload"),
    path("<int:pk>/don-vi/<int:unit_id>/", scoring.unit_scores, name="unit_scores"),
    path("<int:pk>/don-vi/<int:unit_id>/dieu-chinh/", scoring.adjust_sheet, name="adjust_sheet"),
    path("<int:pk>/xep-hang/", ranking.ranking_page, name="ranking"),
    path("<int:pk>/xep-hang/cong-bo/", ranking.publish, name="publish"),
    path("<int:pk>/xep-hang/de-nghi-khen-thuong/", ranking.propose, name="propose"),
    path("<int:pk>/xep-hang/xuat-excel/", ranking.ranking_export, name="ranking_export"),
    path("<int:pk>/xep-hang/ban-in/", ranking.ranking_preview, name="ranking_preview"),
    path("<int:pk>/xep-hang/pdf/", ranking.ranking_pdf, name="ranking_pdf"),
    path("<int:pk>/xep-hang/word/", ranking.ranking_docx, name="ranking_docx"),
    path("tai-lieu/<int:evidence_id>/", scoring.evidence_download, name="evidence"),
]

# Mounted at the site root: the list of groups stays where it always was, beside the unit registry.
urlpatterns = [
    path("don-vi/cum-khoi-thi-dua/", groups.group_list, name="groups"),
    path("cum-khoi/", include(group_patterns)),
]
