from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from plans import urls as plan_urls
from tasks.workbooks import urls as workbook_urls
from tdkt_portal.home import home

admin.site.site_header = "Quản trị Cổng thi đua, khen thưởng"
admin.site.site_title = "Quản trị TĐKT"

# The API answers an unknown address in JSON like its other refusals; pages get templates/404.html.
handler404 = "api.pages.not_found"

urlpatterns = [
    path("", home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # The link a new account (imported from a sheet) sets its first password with: no password
    # travels in a file (units.sheets.send_set_password_email).
    path(
        "dat-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/set_password.html", success_url=reverse_lazy("set_password_done")
        ),
        name="set_password",
    ),
    path(
        "dat-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/set_password_done.html"),
        name="set_password_done",
    ),
    path("ke-hoach/", include((plan_urls.urlpatterns + workbook_urls.urlpatterns, plan_urls.app_name))),
    path("", include("tasks.urls")),
    path("don-vi/", include("units.urls")),
    path("cong-viec/", include("jobs.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("bang-khen/", include("certificates.urls")),
    path("", include("emulation.urls")),
    path("", include("api.urls")),
    path("quan-tri/", admin.site.urls),
]

# Uploaded files (evidence, dossier papers) are never served by path, not even in DEBUG: each
# download goes through a view that checks who may see it.
