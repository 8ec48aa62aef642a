from django.urls import path

from . import views

app_name = "documents"

# Mounted under /ke-hoach/ beside the plan pages.
urlpatterns = [
    path("<int:pk>/ban-in/", views.plan_preview, name="plan_preview"),
    path("<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
]
