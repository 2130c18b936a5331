from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "lifelong.catalogue"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from lifelong.catalogue import signals  # noqa: F401  (connects the receivers)
