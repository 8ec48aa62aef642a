from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("tao-moi/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_edit, name="edit"),
    path("<int:pk>/lich-su/", views.plan_history, name="history"),
    path("<int:pk>/chuyen/<str:name>/", views.plan_transition, name="transition"),
    path("<int:pk>/tao-nam-sau/", views.plan_copy, name="copy"),
    path("<int:pk>/ra-soat/", views.plan_review, name="review"),
    path("<int:pk>/muc/them/", views.section_add, name="section_add"),
    path("<int:pk>/muc/<int:section_id>/sua/", views.section_edit, name="section_edit"),
    path("<int:pk>/muc/<int:section_id>/xoa/", views.section_delete, name="section_delete"),
    path("<int:pk>/muc/<int:section_id>/<str:direction>/", views.section_move, name="section_move"),
    path("<int:pk>/phu-luc/them/", views.appendix_add, name="appendix_add"),
    path("<int:pk>/phu-luc/<int:appendix_id>/sua/", views.appendix_edit, name="appendix_edit"),
    path("<int:pk>/phu-luc/<int:appendix_id>/xoa/", views.appendix_delete, name="appendix_delete"),
]
