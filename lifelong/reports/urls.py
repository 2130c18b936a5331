"""The organisers' dashboards and downloads (language-prefixed, back office)."""

from django.urls import path

from lifelong.reports import views

app_name = "reports"
urlpatterns = [
    path(
        "staff/institutions/<id:institution_id>/dashboard/",
        views.institution_dashboard,
        name="institution_dashboard",
    ),
    path(
        "staff/editions/<id:edition_id>/dashboard/",
        views.edition_dashboard,
        name="edition_dashboard",
    ),
    path("staff/editions/<id:edition_id>/exports/", views.edition_exports, name="edition_exports"),
    path(
        "staff/editions/<id:edition_id>/exports/<slug:kind>.<str:fmt>",
        views.edition_export,
        name="edition_export",
    ),
]
