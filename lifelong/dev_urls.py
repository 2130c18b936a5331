"""The development pages (dev_views.py), which `urls.py` mounts under /dev/ only with DEBUG on."""

from django.urls import path, re_path

from lifelong import dev_views
from lifelong.lib.outbox import KEY_PATTERN

app_name = "dev"
urlpatterns = [
    path("outbox/", dev_views.outbox, name="outbox"),
    re_path(rf"^outbox/(?P<key>{KEY_PATTERN})/$", dev_views.outbox_detail, name="outbox_message"),
    re_path(
        rf"^outbox/(?P<key>{KEY_PATTERN})/(?P<name>[^/]+)$",
        dev_views.outbox_attachment_download,
        name="outbox_attachment",
    ),
]
