from django.urls import path, re_path

from generator import views

urlpatterns = [
    path("", views.index, name="index"),
    path("generate", views.generate, name="generate"),
    path("api/schema", views.api_schema, name="api-schema"),
    re_path(r"^datasets/(?P<schema_id>[0-9a-f]{16})\.(?P<fmt>csv|json)$", views.dataset, name="dataset"),
    path("healthz", views.healthz, name="healthz"),
]
