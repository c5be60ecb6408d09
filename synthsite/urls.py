from django.urls import include, path

urlpatterns = [
    path("", include("generator.urls")),
]

handler404 = "generator.pages.not_found"
handler500 = "generator.pages.server_error"
