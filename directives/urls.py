from django.urls import path

from directives import extension_views, views

app_name = "directives"

urlpatterns = [
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("directives/", views.directive_list, name="directive_list"),
    path("directives/export.csv", views.directive_export, name="directive_export"),
    path("directives/export.xlsx", views.directive_export_xlsx, name="directive_export_xlsx"),
    path("directives/completions/", views.completions_to_accept, name="completions_to_accept"),
    path("directives/filters/", views.saved_filter_save, name="saved_filter_save"),
    path("directives/filters/<int:pk>/delete/", views.saved_filter_delete, name="saved_filter_delete"),
    path("directives/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("directives/<int:pk>/edit/", views.directive_edit, name="directive_edit"),
    path("directives/<int:pk>/parts/<int:part_pk>/progress/", views.part_progress, name="part_progress"),
    path("directives/<int:pk>/parts/<int:part_pk>/extend/", views.part_extend, name="part_extend"),
    path(
        "directives/<int:pk>/parts/<int:part_pk>/extension-request/",
        extension_views.part_extension_request,
        name="part_extension_request",
    ),
    path("extension-requests/<int:pk>/approve/", extension_views.extension_approve, name="extension_approve"),
    path("extension-requests/<int:pk>/refuse/", extension_views.extension_refuse, name="extension_refuse"),
    path("evidence/<int:update_pk>/", views.evidence_download, name="evidence_download"),
    path("calendar/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
    path("me/calendar/", views.my_calendar, name="my_calendar"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<int:pk>/reorganise/", views.agency_reorganise, name="agency_reorganise"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/import/", views.notice_import, name="notice_import"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/import/confirm/", views.notice_import_confirm, name="notice_import_confirm"),
    path("notices/import/readings/<int:pk>/", views.notice_import_reading, name="notice_import_reading"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/source/", views.notice_source_download, name="notice_source_download"),
]
