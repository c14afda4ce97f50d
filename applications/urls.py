from django.urls import path

from . import exports, views, views_documents, views_trash

app_name = "applications"

urlpatterns = [
    # Applications
    path("", views.application_list, name="application_list"),
    path("board/", views.application_board, name="application_board"),
    # Trash (applications/views_trash.py): deleted applications are kept 30 days.
    path("trash/", views_trash.trash_list, name="trash"),
    path("trash/empty/", views_trash.trash_empty, name="trash_empty"),
    path("trash/<int:pk>/restore/", views_trash.trash_restore, name="trash_restore"),
    path("new/", views.ApplicationCreateView.as_view(), name="application_create"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("<int:pk>/edit/", views.ApplicationUpdateView.as_view(), name="application_update"),
    path("<int:pk>/delete/", views.ApplicationDeleteView.as_view(), name="application_delete"),
    path("<int:pk>/status/", views.application_status, name="application_status"),
    path(
        "<int:pk>/keep-waiting/",
        views.application_keep_waiting,
        name="application_keep_waiting",
    ),
    # Companies
    path("companies/", views.CompanyListView.as_view(), name="company_list"),
    path("companies/new/", views.CompanyCreateView.as_view(), name="company_create"),
    path("companies/<int:pk>/", views.CompanyDetailView.as_view(), name="company_detail"),
    path("companies/<int:pk>/edit/", views.CompanyUpdateView.as_view(), name="company_update"),
    path("companies/<int:pk>/delete/", views.CompanyDeleteView.as_view(), name="company_delete"),
    # Contacts
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path("contacts/<int:pk>/", views.ContactDetailView.as_view(), name="contact_detail"),
    path("contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact_update"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact_delete"),
    # Interviews
    path("<int:pk>/interviews/new/", views.interview_create, name="interview_create"),
    path("interviews/<int:pk>/", views.InterviewDetailView.as_view(), name="interview_detail"),
    path("interviews/<int:pk>/edit/", views.interview_update, name="interview_update"),
    path(
        "interviews/<int:pk>/delete/",
        views.InterviewDeleteView.as_view(),
        name="interview_delete",
    ),
    # Documents: the CV or cover letter sent (applications/views_documents.py)
    path("documents/", views_documents.document_list, name="document_list"),
    path("documents/new/", views_documents.document_create, name="document_create"),
    path("documents/<int:pk>/", views_documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views_documents.document_update, name="document_update"),
    path(
        "documents/<int:pk>/download/",
        views_documents.document_download,
        name="document_download",
    ),
    path(
        "documents/<int:pk>/delete/",
        views_documents.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path("<int:pk>/documents/attach/", views_documents.document_attach, name="document_attach"),
    path(
        "<int:pk>/documents/<int:document_pk>/detach/",
        views_documents.document_detach,
        name="document_detach",
    ),
    # Numbers, calendar, import and export (applications/exports.py)
    path("stats/", exports.stats, name="stats"),
    path("report/", exports.search_report, name="report"),
    path("report.pdf", exports.search_report_pdf, name="report_pdf"),
    path("calendar/", exports.calendar_settings, name="calendar_settings"),
    path("calendar/reset/", exports.calendar_reset, name="calendar_reset"),
    path("calendar/<slug:token>.ics", exports.calendar_feed, name="calendar_feed"),
    path("interviews/<int:pk>/calendar.ics", exports.interview_ics, name="interview_ics"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("import/", exports.import_csv, name="import_csv"),
    path("import/confirm/", exports.import_confirm, name="import_confirm"),
]
