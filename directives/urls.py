from django.urls import path

from directives import views

app_name = "directives"

urlpatterns = [
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("directives/", views.directive_list, name="directive_list"),
    path("directives/export.csv", views.directive_export, name="directive_export"),
    path("directives/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("directives/<int:pk>/edit/", views.directive_edit, name="directive_edit"),
    path("directives/<int:pk>/parts/<int:part_pk>/progress/", views.part_progress, name="part_progress"),
    path("directives/<int:pk>/parts/<int:part_pk>/extend/", views.part_extend, name="part_extend"),
    path("evidence/<int:update_pk>/", views.evidence_download, name="evidence_download"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/import/", views.notice_import, name="notice_import"),
    path("notices/import/confirm/", views.notice_import_confirm, name="notice_import_confirm"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/source/", views.notice_source_download, name="notice_source_download"),
]
