from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("quyet-dinh/<int:pk>/", views.decision_certificates, name="decision"),
    path("quyet-dinh/<int:pk>/in/", views.print_decision, name="print"),
    path("mau/<int:pk>/can-chinh/", views.alignment, name="alignment"),
    path("mau/<int:pk>/xem-truoc/", views.preview, name="preview"),
    path("so-cap-phat/", views.register_list, name="register"),
    path("so-cap-phat/xlsx/", views.register_xlsx, name="register_xlsx"),
]
