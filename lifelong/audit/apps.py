from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lifelong.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Each domain app declares its kinds of events in its own events.py. Audit sits
        # below them and names none of them; it loads them all here, as the admin loads
        # admin.py, so the log knows every kind whichever page or task writes or reads it.
        for app in apps.get_app_configs():
            if app.name.startswith("lifelong.") and module_has_submodule(app.module, "events"):
                import_module(f"{app.name}.events")
