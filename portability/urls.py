"""Included at settings/ in config/urls.py, without a namespace (export_json, import_json)."""

from django.urls import path

from . import views

urlpatterns = [
    path("export/", views.export_page, name="export_json"),
    path("export/rebound.json", views.export_json_file, name="export_json_file"),
    path("export/rebound-csv.zip", views.export_csv_zip, name="export_csv_zip"),
    path("import/", views.import_page, name="import_json"),
]
