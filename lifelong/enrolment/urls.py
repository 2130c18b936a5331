from django.urls import path

from lifelong.enrolment import review_views, staff_views, views

app_name = "enrolment"
urlpatterns = [
    path("editions/<id:edition_id>/apply/", views.apply, name="apply"),
    path(
        "my/applications/<id:application_id>/<slug:action>/",
        views.application_action,
        name="application_action",
    ),
    path("my/passes/<id:application_id>/new/", views.new_pass, name="new_pass"),
    path(
        "my/applications/<id:application_id>/calendar.ics",
        views.my_calendar,
        name="my_calendar",
    ),
    path("offer/<str:token>/", views.offer, name="offer"),
    path(
        "staff/editions/<id:edition_id>/applications/",
        review_views.applications,
        name="staff_applications",
    ),
    path(
        "staff/editions/<id:edition_id>/applications/act/",
        review_views.applications_act,
        name="staff_applications_act",
    ),
    path("staff/editions/<id:edition_id>/log/", review_views.edition_log, name="staff_log"),
    path("staff/messages/<id:message_id>/", review_views.message, name="staff_message"),
    path(
        "staff/editions/<id:edition_id>/capacity/",
        staff_views.staff_capacity,
        name="staff_capacity",
    ),
    path(
        "staff/applications/<id:application_id>/decide/<slug:decision>/",
        staff_views.staff_decide,
        name="staff_decide",
    ),
    path(
        "staff/applications/<id:application_id>/move/",
        staff_views.staff_waitlist_move,
        name="staff_waitlist_move",
    ),
]
