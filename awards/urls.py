from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("ho-so/tao-moi/", views.dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", views.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/sua/", views.dossier_edit, name="dossier_edit"),
    path("ho-so/<int:pk>/lich-su/", views.dossier_history, name="dossier_history"),
    path("ho-so/<int:pk>/chuyen/<str:name>/", views.dossier_transition, name="dossier_transition"),
    path("ho-so/<int:pk>/phien-hop/", views.dossier_schedule, name="dossier_schedule"),
    path("ho-so/<int:pk>/de-nghi/them/", views.nominee_add, name="nominee_add"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_id>/sua/", views.nominee_edit, name="nominee_edit"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_id>/xoa/", views.nominee_remove, name="nominee_remove"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_id>/xet-vuot/", views.nominee_override, name="nominee_override"),
    path("ho-so/<int:pk>/tai-lieu/them/", views.attachment_add, name="attachment_add"),
    path("ho-so/<int:pk>/tai-lieu/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("ho-so/<int:pk>/tai-lieu/<int:attachment_id>/xoa/", views.attachment_remove, name="attachment_remove"),
    path("phien-hop/", views.session_list, name="sessions"),
    path("phien-hop/tao-moi/", views.session_create, name="session_create"),
    path("phien-hop/<int:pk>/", views.session_detail, name="session"),
    path("phien-hop/<int:pk>/sua/", views.session_edit, name="session_edit"),
    path("phien-hop/<int:pk>/bo-phieu/", views.session_vote, name="session_vote"),
    path("phien-hop/<int:pk>/ket-qua-du-kien/", views.session_stage, name="session_stage"),
    path("phien-hop/<int:pk>/bien-ban/", views.session_minutes, name="session_minutes"),
    path("phien-hop/<int:pk>/bien-ban/ban-in/", views.session_minutes_print, name="session_minutes_print"),
    path("phien-hop/<int:pk>/bien-ban/pdf/", views.session_minutes_pdf, name="session_minutes_pdf"),
    path("phien-hop/<int:pk>/chuyen/<str:name>/", views.session_transition, name="session_transition"),
    path("phien-hop/<int:pk>/quyet-dinh/<int:award_type_id>/", views.decision_create, name="decision_create"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/ban-in/", views.decision_print, name="decision_print"),
    path("quyet-dinh/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("so-vang/", views.history, name="history"),
    path("danh-muc/", views.catalogue, name="catalogue"),
]
