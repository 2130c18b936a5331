from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The floor on top: pages and actions that combine several domains."""

    name = "lifelong.office"
    verbose_name = _("Back office")
