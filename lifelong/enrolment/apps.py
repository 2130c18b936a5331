from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "lifelong.enrolment"
    verbose_name = _("Applications")
