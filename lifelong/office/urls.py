"""The office's addresses (language-prefixed): the back office's start page and edition hub,
programmes, editions and days, the institution's staff, closing a day, and "My programmes"."""

from django.urls import path

from lifelong.office import (
    account_views,
    edition_views,
    privacy_views,
    staff_views,
    task_failure_views,
    views,
)

app_name = "office"
urlpatterns = [
    path("my/", views.my_programmes, name="my_programmes"),
    path("my/language/", views.my_language, name="my_language"),
    path("my/account/", account_views.my_account, name="my_account"),
    path("my/account/name/", account_views.my_name, name="my_name"),
    path("my/account/data/", account_views.my_data_request, name="my_data_request"),
    path("my/account/data/<id:export_id>/", account_views.my_data, name="my_data"),
    path(
        "my/account/data/<id:export_id>/progress/",
        account_views.my_data_progress,
        name="my_data_progress",
    ),
    path(
        "my/account/data/<id:export_id>/download/",
        account_views.my_data_download,
        name="my_data_download",
    ),
    path("my/account/erase/", account_views.my_erase, name="my_erase"),
    path("erased/", account_views.erased, name="erased"),
    path("staff/people/erase/", account_views.staff_erase, name="staff_erase"),
    path("staff/", views.home, name="home"),
    path("staff/editions/<id:edition_id>/", views.edition, name="edition"),
    path("staff/sessions/<id:session_id>/close/", views.day_close, name="day_close"),
    path("staff/jobs/<id:job_id>/progress/", views.job_progress, name="job_progress"),
    path("staff/programmes/", edition_views.programmes, name="programmes"),
    path("staff/programmes/new/", edition_views.programme_new, name="programme_new"),
    path(
        "staff/programmes/<id:programme_id>/edit/",
        edition_views.programme_edit,
        name="programme_edit",
    ),
    path(
        "staff/programmes/<id:programme_id>/editions/new/",
        edition_views.edition_new,
        name="edition_new",
    ),
    path("staff/editions/<id:edition_id>/edit/", edition_views.edition_edit, name="edition_edit"),
    path(
        "staff/editions/<id:edition_id>/publish/",
        edition_views.edition_publish,
        name="edition_publish",
    ),
    path(
        "staff/editions/<id:edition_id>/unpublish/",
        edition_views.edition_unpublish,
        name="edition_unpublish",
    ),
    path(
        "staff/editions/<id:edition_id>/duplicate/",
        edition_views.edition_duplicate,
        name="edition_duplicate",
    ),
    path(
        "staff/editions/<id:edition_id>/sessions/new/",
        edition_views.session_new,
        name="session_new",
    ),
    path("staff/sessions/<id:session_id>/edit/", edition_views.session_edit, name="session_edit"),
    path(
        "staff/sessions/<id:session_id>/delete/",
        edition_views.session_delete,
        name="session_delete",
    ),
    path("staff/retention/", privacy_views.retention, name="retention"),
    path("staff/tasks/failed/", task_failure_views.task_failures, name="task_failures"),
    path(
        "staff/tasks/failed/<id:failure_id>/retry/",
        task_failure_views.task_failure_retry,
        name="task_failure_retry",
    ),
    path(
        "staff/tasks/failed/<id:failure_id>/dismiss/",
        task_failure_views.task_failure_dismiss,
        name="task_failure_dismiss",
    ),
    path(
        "staff/institutions/<id:institution_id>/records-of-processing.csv",
        privacy_views.records_of_processing,
        name="records_of_processing",
    ),
    path("staff/institutions/<id:institution_id>/staff/", staff_views.staff_list, name="staff"),
    path(
        "staff/institutions/<id:institution_id>/staff/invite/",
        staff_views.staff_invite,
        name="staff_invite",
    ),
    path(
        "staff/invitations/<id:invitation_id>/withdraw/",
        staff_views.staff_withdraw,
        name="staff_withdraw",
    ),
    path("staff/memberships/<id:membership_id>/role/", staff_views.staff_role, name="staff_role"),
    path(
        "staff/memberships/<id:membership_id>/remove/",
        staff_views.staff_remove,
        name="staff_remove",
    ),
]
