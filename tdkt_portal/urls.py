from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from plans import urls as plan_urls
from tasks.workbooks import urls as workbook_urls
from units.views import home

admin.site.site_header = "Quản trị Cổng thi đua, khen thưởng"
admin.site.site_title = "Quản trị TĐKT"

# The API answers an unknown address in JSON like its other refusals; pages get templates/404.html.
handler404 = "api.pages.not_found"

urlpatterns = [
    path("", home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ke-hoach/", include((plan_urls.urlpatterns + workbook_urls.urlpatterns, plan_urls.app_name))),
    path("", include("tasks.urls")),
    path("don-vi/", include("units.urls")),
    path("cong-viec/", include("jobs.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("", include("emulation.urls")),
    path("", include("api.urls")),
    path("quan-tri/", admin.site.urls),
]

# Uploaded files (evidence, dossier papers) are never served by path, not even in DEBUG: each
# download goes through a view that checks who may see it.
