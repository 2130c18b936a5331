"""Who may see or act on certificates and assessed work: the edition's organisers, and the
holder for their own certificate (`accounts/access.py` says how these checks work)."""

from django.http import Http404

from lifelong.accounts.access import is_active_person
from lifelong.accounts.models import User
from lifelong.catalogue.access import editions_organised_by
from lifelong.certificates.models import Assessment, Certificate


def access_certificate_by_id_as_organiser(user: User, certificate_id: int) -> Certificate:
    certificate = (
        Certificate.objects.select_related("edition__programme__institution", "document")
        .filter(pk=certificate_id, edition__in=editions_organised_by(user))
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def access_certificate_by_id_as_holder(user: User, certificate_id: int) -> Certificate:
    """A participant's own certificate (while their application is theirs)."""
    if not is_active_person(user):
        raise Http404
    certificate = (
        Certificate.objects.select_related("document")
        .filter(pk=certificate_id, application__applicant=user)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def access_assessment_by_id_as_organiser(user: User, assessment_id: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related("edition__programme__institution")
        .filter(pk=assessment_id, edition__in=editions_organised_by(user))
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment
