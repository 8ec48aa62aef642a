from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("nhiem-vu-cua-don-vi/", views.unit_task_list, name="unit_tasks"),
    path("phu-luc/<int:appendix_id>/nhiem-vu/them/", views.task_add, name="task_add"),
    path("phu-luc/<int:appendix_id>/nhiem-vu/<int:task_id>/sua/", views.task_edit, name="task_edit"),
    path("phu-luc/<int:appendix_id>/nhiem-vu/<int:task_id>/xoa/", views.task_delete, name="task_delete"),
    path("phu-luc/<int:appendix_id>/nhiem-vu/khoi-phuc/<int:entry_id>/", views.task_restore, name="task_restore"),
    path("phu-luc/<int:appendix_id>/nhiem-vu/<int:task_id>/<str:direction>/", views.task_move, name="task_move"),
    path("phu-luc/<int:appendix_id>/thoi-gian/", views.timing_preview, name="timing_preview"),
    path("phu-luc/<int:appendix_id>/nhom/them/", views.group_add, name="group_add"),
    path("phu-luc/<int:appendix_id>/nhom/<int:group_id>/sua/", views.group_edit, name="group_edit"),
    path("phu-luc/<int:appendix_id>/nhom/<int:group_id>/xoa/", views.group_delete, name="group_delete"),
    path("phu-luc/<int:appendix_id>/nhom/<int:group_id>/<str:direction>/", views.group_move, name="group_move"),
]

urlpatterns += [
    path("nhiem-vu/<int:task_id>/tien-do/", views.task_progress, name="progress"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("ke-hoach/<int:plan_id>/tien-do/", views.plan_dashboard, name="dashboard"),
    path("ke-hoach/<int:plan_id>/tien-do/nhac-don-vi/<int:unit_id>/", views.plan_remind_unit, name="dashboard_remind"),
    path("ke-hoach/<int:plan_id>/tien-do/xuat-excel/", views.plan_progress_export, name="dashboard_export"),
    path("ke-hoach/<int:pk>/ban-in/", views.plan_preview, name="plan_preview"),
    path("ke-hoach/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("ke-hoach/<int:pk>/word/", views.plan_docx, name="plan_docx"),
    path("ke-hoach/<int:pk>/ky-so/", views.plan_sign, name="plan_sign"),
    path("ke-hoach/<int:pk>/ky-so/<int:signed_id>/", views.plan_signed, name="plan_signed"),
]
