from django.urls import path

from lifelong.accounts import staff_views

app_name = "accounts"
urlpatterns = [
    path("invitations/<str:token>/", staff_views.invitation, name="invitation"),
    path("staff/institutions/<int:institution_id>/staff/", staff_views.staff_list, name="staff"),
    path(
        "staff/institutions/<int:institution_id>/staff/invite/",
        staff_views.staff_invite,
        name="staff_invite",
    ),
    path(
        "staff/invitations/<int:invitation_id>/withdraw/",
        staff_views.staff_withdraw,
        name="staff_withdraw",
    ),
    path("staff/memberships/<int:membership_id>/role/", staff_views.staff_role, name="staff_role"),
    path(
        "staff/memberships/<int:membership_id>/remove/",
        staff_views.staff_remove,
        name="staff_remove",
    ),
    path(
        "staff/editions/<int:edition_id>/helpers/",
        staff_views.edition_helpers,
        name="edition_helpers",
    ),
]
