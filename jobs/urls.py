from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<uuid:job_id>/", views.detail, name="detail"),
    path("<uuid:job_id>/tien-do/", views.progress, name="progress"),
    path("<uuid:job_id>/tep/", views.result_file, name="file"),
]
