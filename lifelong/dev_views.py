"""Pages for development only: the outbox, where every e-mail the site "sent" can be read
(lib/outbox.py). `urls.py` mounts them only with DEBUG on, and each refuses with DEBUG off
as well, in case they are ever mounted by mistake."""

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lifelong.lib.outbox import outbox_attachment, outbox_entries, outbox_message

View = Callable[..., HttpResponse]


def development_only(view: View) -> View:
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.DEBUG:
            raise Http404
        return view(request, *args, **kwargs)

    return checked


def _outbox_dir() -> Path:
    return Path(settings.EMAIL_OUTBOX_DIR)


@never_cache
@require_safe
@development_only
def outbox(request: HttpRequest) -> HttpResponse:
    entries = outbox_entries(directory=_outbox_dir())
    return render(request, "dev/outbox.html", {"entries": entries})


@never_cache
@require_safe
@development_only
def outbox_detail(request: HttpRequest, key: str) -> HttpResponse:
    message = outbox_message(directory=_outbox_dir(), key=key)
    if message is None:
        raise Http404
    return render(request, "dev/outbox_message.html", {"message": message})


@never_cache
@require_safe
@development_only
def outbox_attachment_download(request: HttpRequest, key: str, name: str) -> HttpResponse:
    attachment = outbox_attachment(directory=_outbox_dir(), key=key, name=name)
    if attachment is None:
        raise Http404
    content, content_type = attachment
    response = HttpResponse(content, content_type=content_type)
    response.headers["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=name) or "attachment"
    )
    return response
