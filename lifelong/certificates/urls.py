"""Certificates in the signed-in part of the site (language-prefixed): the participant's
downloads and the organisers' pages."""

from django.urls import path

from lifelong.certificates import staff_views, views

app_name = "certificates"
urlpatterns = [
    path("my/certificates/<id:certificate_id>.pdf", views.my_certificate_pdf, name="my_pdf"),
    path(
        "my/certificates/<id:certificate_id>.jwt",
        views.my_certificate_credential,
        name="my_credential",
    ),
    path(
        "staff/editions/<id:edition_id>/certificates/",
        staff_views.edition_certificates,
        name="edition",
    ),
    path("staff/editions/<id:edition_id>/certificates/rule/", staff_views.rule_edit, name="rule"),
    path(
        "staff/editions/<id:edition_id>/certificates/assessments/",
        staff_views.assessments,
        name="assessments",
    ),
    path(
        "staff/editions/<id:edition_id>/certificates/issue/",
        staff_views.issue_all,
        name="issue_all",
    ),
    path("staff/assessments/<id:assessment_id>/", staff_views.assessment, name="assessment"),
    path(
        "staff/applications/<id:application_id>/certificate/",
        staff_views.issue_one,
        name="issue_one",
    ),
    path("staff/certificates/<id:certificate_id>/revoke/", staff_views.revoke, name="revoke"),
    path("staff/certificates/<id:certificate_id>/reissue/", staff_views.reissue, name="reissue"),
    path("staff/certificates/<id:certificate_id>.pdf", staff_views.certificate_pdf, name="pdf"),
]
