from django.urls import path

from lifelong.attendance import staff_views

app_name = "attendance"
urlpatterns = [
    path("staff/checkin/", staff_views.checkin_sessions, name="sessions"),
    path("staff/sessions/<id:session_id>/desk/", staff_views.desk, name="desk"),
    path("staff/sessions/<id:session_id>/desk/pass/", staff_views.desk_pass, name="desk_pass"),
    path(
        "staff/sessions/<id:session_id>/desk/<id:application_id>/<slug:action>/",
        staff_views.desk_mark,
        name="desk_mark",
    ),
    path("staff/sessions/<id:session_id>/room/", staff_views.room, name="room"),
    path("staff/sessions/<id:session_id>/room/code/", staff_views.room_code_now, name="room_code"),
    path("staff/sessions/<id:session_id>/sheet.pdf", staff_views.sheet, name="sheet"),
    path("staff/sessions/<id:session_id>/paper/", staff_views.paper, name="paper"),
    path("staff/sessions/<id:session_id>/", staff_views.day, name="day"),
    path(
        "staff/sessions/<id:session_id>/correct/<id:application_id>/",
        staff_views.correct,
        name="correct",
    ),
    path("staff/editions/<id:edition_id>/attendance/", staff_views.matrix, name="matrix"),
    path(
        "staff/editions/<id:edition_id>/helpers/",
        staff_views.edition_helpers,
        name="edition_helpers",
    ),
    path(
        "staff/editions/<id:edition_id>/attendance.<slug:kind>",
        staff_views.matrix_download,
        name="matrix_download",
    ),
]
