"""The organisers' back office for programmes, editions and their days (language-prefixed)."""

from django.urls import path

from lifelong.catalogue import staff_views

app_name = "catalogue_staff"
urlpatterns = [
    path("staff/programmes/", staff_views.programmes, name="programmes"),
    path("staff/programmes/new/", staff_views.programme_new, name="programme_new"),
    path(
        "staff/programmes/<int:programme_id>/edit/",
        staff_views.programme_edit,
        name="programme_edit",
    ),
    path(
        "staff/programmes/<int:programme_id>/editions/new/",
        staff_views.edition_new,
        name="edition_new",
    ),
    path("staff/editions/<int:edition_id>/edit/", staff_views.edition_edit, name="edition_edit"),
    path(
        "staff/editions/<int:edition_id>/publish/",
        staff_views.edition_publish,
        name="edition_publish",
    ),
    path(
        "staff/editions/<int:edition_id>/unpublish/",
        staff_views.edition_unpublish,
        name="edition_unpublish",
    ),
    path(
        "staff/editions/<int:edition_id>/duplicate/",
        staff_views.edition_duplicate,
        name="edition_duplicate",
    ),
    path(
        "staff/editions/<int:edition_id>/sessions/new/",
        staff_views.session_new,
        name="session_new",
    ),
    path("staff/sessions/<int:session_id>/edit/", staff_views.session_edit, name="session_edit"),
    path(
        "staff/sessions/<int:session_id>/delete/",
        staff_views.session_delete,
        name="session_delete",
    ),
]
