from django.urls import path

from directives import views

app_name = "directives"

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/import/", views.notice_import, name="notice_import"),
    path("notices/import/confirm/", views.notice_import_confirm, name="notice_import_confirm"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
]
