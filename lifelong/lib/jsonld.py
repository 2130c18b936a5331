import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# The characters that could end a <script> element or start a comment inside it.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def jsonld_script(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> element, safe against markup in the data."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
