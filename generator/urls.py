from django.urls import path, re_path

from generator import openapi, pages, views
from generator.writers import FORMATS

SCHEMA_ID = r"(?P<schema_id>[0-9a-f]{16})"
FORMAT = "(?P<fmt>" + "|".join(FORMATS) + ")"

urlpatterns = [
    path("", pages.index, name="index"),
    path("preview", pages.preview, name="preview"),
    path("preview/edit", pages.preview_edit, name="preview-edit"),
    path("types", pages.types, name="types"),
    path("generate", views.generate, name="generate"),
    path("api/schema", views.api_schema, name="api-schema"),
    path("api/class", views.api_class, name="api-class"),
    path("api/openapi.json", openapi.openapi_view, name="openapi"),
    re_path(rf"^datasets/{SCHEMA_ID}\.{FORMAT}$", views.dataset, name="dataset"),
    re_path(rf"^datasets/{SCHEMA_ID}$", pages.dataset_page, name="dataset-page"),
    re_path(rf"^datasets/{SCHEMA_ID}/dictionary$", pages.dictionary, name="dictionary"),
    re_path(rf"^datasets/{SCHEMA_ID}/dictionary\.md$", pages.dictionary_md, name="dictionary-md"),
    path("healthz", views.healthz, name="healthz"),
]
