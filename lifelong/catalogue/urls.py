from django.urls import path

from lifelong.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.catalogue_list, name="list"),
    path("programmes/<slug:slug>/", views.programme_page, name="programme"),
    path(
        "programmes/<slug:slug>/editions/<id:edition_id>/calendar.ics",
        views.edition_calendar,
        name="edition_calendar",
    ),
    path(
        "institutions/<slug:slug>/privacy/", views.institution_privacy, name="institution_privacy"
    ),
    path(
        "institutions/<slug:slug>/imprint/", views.institution_imprint, name="institution_imprint"
    ),
    path("documents/<id:document_id>/<str:filename>", views.document_download, name="document"),
]
