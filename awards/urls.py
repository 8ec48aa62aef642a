from django.urls import path

from .views import decisions, dossiers, prizes, records, sessions

app_name = "awards"

urlpatterns = [
    path("", dossiers.dossier_list, name="list"),
    path("ho-so/tao-moi/", dossiers.dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", dossiers.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/sua/", dossiers.dossier_edit, name="dossier_edit"),
    path("ho-so/<int:pk>/lich-su/", dossiers.dossier_history, name="dossier_history"),
    path("ho-so/<int:pk>/chuyen/<str:name>/", dossiers.dossier_transition, name="dossier_transition"),
    path("ho-so/<int:pk>/phien-hop/", dossiers.dossier_schedule, name="dossier_schedule"),
    path("ho-so/<int:pk>/to-trinh/ban-in/", dossiers.dossier_proposal_print, name="dossier_proposal_print"),
    path("ho-so/<int:pk>/to-trinh/pdf/", dossiers.dossier_proposal_pdf, name="dossier_proposal_pdf"),
    path("ho-so/<int:pk>/tron-bo/", dossiers.dossier_package, name="dossier_package"),
    path("ho-so/<int:pk>/de-nghi/them/", dossiers.nominee_add, name="nominee_add"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_id>/sua/", dossiers.nominee_edit, name="nominee_edit"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_id>/xoa/", dossiers.nominee_remove, name="nominee_remove"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_id>/xet-vuot/", dossiers.nominee_override, name="nominee_override"),
    path("ho-so/<int:pk>/tai-lieu/them/", dossiers.attachment_add, name="attachment_add"),
    path("ho-so/<int:pk>/tai-lieu/<int:attachment_id>/", dossiers.attachment_download, name="attachment"),
    path("ho-so/<int:pk>/tai-lieu/<int:attachment_id>/xoa/", dossiers.attachment_remove, name="attachment_remove"),
    path("phien-hop/", sessions.session_list, name="sessions"),
    path("phien-hop/tao-moi/", sessions.session_create, name="session_create"),
    path("phien-hop/<int:pk>/", sessions.session_detail, name="session"),
    path("phien-hop/<int:pk>/sua/", sessions.session_edit, name="session_edit"),
    path("phien-hop/<int:pk>/bo-phieu/", sessions.session_vote, name="session_vote"),
    path("phien-hop/<int:pk>/y-kien-bang-van-ban/", sessions.session_written_opinion, name="session_written_opinion"),
    path("phien-hop/<int:pk>/ket-qua-du-kien/", sessions.session_stage, name="session_stage"),
    path("phien-hop/<int:pk>/bien-ban/", sessions.session_minutes, name="session_minutes"),
    path("phien-hop/<int:pk>/bien-ban/ban-in/", sessions.session_minutes_print, name="session_minutes_print"),
    path("phien-hop/<int:pk>/bien-ban/pdf/", sessions.session_minutes_pdf, name="session_minutes_pdf"),
    path("phien-hop/<int:pk>/chuyen/<str:name>/", sessions.session_transition, name="session_transition"),
    path("phien-hop/<int:pk>/quyet-dinh/<int:award_type_id>/", decisions.decision_create, name="decision_create"),
    path("quyet-dinh/", decisions.decision_list, name="decisions"),
    path("quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision"),
    path("tien-thuong/<int:unit_id>/<int:year>/", prizes.prize_report, name="prize_report"),
    path("quyet-dinh/<int:pk>/ban-in/", decisions.decision_print, name="decision_print"),
    path("quyet-dinh/<int:pk>/pdf/", decisions.decision_pdf, name="decision_pdf"),
    path("so-vang/", records.history, name="history"),
    path("danh-muc/", records.catalogue, name="catalogue"),
]
