"""The development outbox: e-mails are not sent but kept as files, and announced by one line
in the terminal (to, subject, the sign-in code if there is one, and the address of the
message on `/dev/outbox/`).

`make run` runs the web server and the task worker as two processes, and both send e-mails:
a directory is what they share, and the web server reads it to show the messages. Each
message is kept whole as `<UTC time>-<key>.eml` (as a mail server would receive it), with a
small `<UTC time>-<key>.json` beside it that the list reads, so that listing 500 messages
with their PDFs does not parse them all. Only the newest `OUTBOX_KEEP` messages are kept.

The sign-in code is not guessed from the body: the account adapter names it in the header
`SIGN_IN_CODE_HEADER`, in development only (`accounts/adapter.py`).
"""

import json
import re
import secrets
import sys
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage as ParsedMessage
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

SIGN_IN_CODE_HEADER = "X-Lifelong-Sign-In-Code"
OUTBOX_KEEP = 500
# A message's key: the random part of its file names, and of its address on /dev/outbox/.
KEY_PATTERN = "[0-9a-f]{12}"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_FILE_NAME = re.compile(rf"(?P<stamp>\d{{8}}T\d{{12}}Z)-(?P<key>{KEY_PATTERN})\.eml")
_print_lock = threading.Lock()


@dataclass(frozen=True)
class OutboxAttachment:
    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class OutboxEntry:
    key: str
    sent_at: datetime
    to: str
    subject: str
    attachments: list[OutboxAttachment]


@dataclass(frozen=True)
class OutboxMessage(OutboxEntry):
    headers: list[tuple[str, str]]
    text: str
    html: str


class OutboxEmailBackend(BaseEmailBackend):
    """Keeps each e-mail in `settings.EMAIL_OUTBOX_DIR` and prints one line for it."""

    def __init__(
        self, *, fail_silently: bool = False, stream: IO[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.stream = stream or sys.stdout
        self.directory = Path(settings.EMAIL_OUTBOX_DIR)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                key = outbox_store(directory=self.directory, message=message)
            except OSError:
                if not self.fail_silently:
                    raise
                continue
            with _print_lock:
                self.stream.write(announcement(message=message, key=key) + "\n")
                self.stream.flush()
            sent += 1
        outbox_prune(directory=self.directory, keep=OUTBOX_KEEP)
        return sent


def announcement(*, message: EmailMessage, key: str) -> str:
    """The one line printed for an e-mail, e.g.
    `e-mail to ada@example.org: "Ihr Anmeldecode" — sign-in code: ABCD-EFGH — http://…/`."""
    parts = [f'e-mail to {", ".join(message.recipients())}: "{message.subject}"']
    code = message.extra_headers.get(SIGN_IN_CODE_HEADER)
    if code:
        parts.append(f"sign-in code: {code}")
    parts.append(f"{settings.SITE_URL.rstrip('/')}/dev/outbox/{key}/")
    return " — ".join(parts)


def outbox_store(*, directory: Path, message: EmailMessage) -> str:
    """Keeps the message and its summary; returns its key."""
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(6)
    stamp = datetime.now(tz=UTC).strftime(_STAMP_FORMAT)
    mime = message.message()
    summary = {
        "to": ", ".join(message.recipients()),
        "subject": str(message.subject),
        "attachments": [asdict(attachment) for attachment in _attachments(mime)],
    }
    # The summary first, then the message; each written aside and renamed, so that the web
    # server never reads half a file, and finds a summary beside every message it lists.
    _write(directory / f"{stamp}-{key}.json", json.dumps(summary).encode())
    _write(directory / f"{stamp}-{key}.eml", mime.as_bytes(linesep="\r\n"))
    return key


def outbox_prune(*, directory: Path, keep: int) -> None:
    for path in _message_files(directory)[keep:]:
        # Another process may have pruned it already.
        path.unlink(missing_ok=True)
        path.with_suffix(".json").unlink(missing_ok=True)


def outbox_entries(*, directory: Path) -> list[OutboxEntry]:
    """Every message kept, newest first."""
    entries = []
    for path in _message_files(directory):
        try:
            summary = json.loads(path.with_suffix(".json").read_bytes())
        except FileNotFoundError:  # pruned meanwhile by another process
            continue
        entries.append(
            OutboxEntry(
                **_name_parts(path),
                to=summary["to"],
                subject=summary["subject"],
                attachments=[OutboxAttachment(**item) for item in summary["attachments"]],
            )
        )
    return entries


def outbox_message(*, directory: Path, key: str) -> OutboxMessage | None:
    path = _message_file(directory, key)
    parsed = _parsed(path) if path else None
    if path is None or parsed is None:
        return None
    return OutboxMessage(
        **_name_parts(path),
        to=str(parsed.get("To", "")),
        subject=str(parsed.get("Subject", "")),
        attachments=_attachments(parsed),
        headers=[(name, str(value)) for name, value in parsed.items()],
        text=_content(parsed.get_body(preferencelist=("plain",))),
        html=_content(parsed.get_body(preferencelist=("html",))),
    )


def outbox_attachment(*, directory: Path, key: str, name: str) -> tuple[bytes, str] | None:
    """The content and content type of the message's attachment called `name`."""
    path = _message_file(directory, key)
    parsed = _parsed(path) if path else None
    if parsed is None:
        return None
    for part in parsed.iter_attachments():
        if part.get_filename() == name:
            return _payload(part), part.get_content_type()
    return None


def _write(path: Path, content: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    partial.replace(path)


def _attachments(message: Message) -> list[OutboxAttachment]:
    return [
        OutboxAttachment(
            name=part.get_filename() or "",
            content_type=part.get_content_type(),
            size=len(_payload(part)),
        )
        for part in message.walk()
        if part.get_content_disposition() == "attachment"
    ]


def _payload(part: Message) -> bytes:
    content = part.get_payload(decode=True)
    return content if isinstance(content, bytes) else b""


def _message_files(directory: Path) -> list[Path]:
    """Newest first (the names begin with the time)."""
    if not directory.is_dir():
        return []
    paths = [path for path in directory.iterdir() if _FILE_NAME.fullmatch(path.name)]
    return sorted(paths, key=lambda path: path.name, reverse=True)


def _message_file(directory: Path, key: str) -> Path | None:
    if not re.fullmatch(KEY_PATTERN, key):
        return None
    return next(iter(sorted(directory.glob(f"*-{key}.eml"))), None)


def _name_parts(path: Path) -> dict[str, Any]:
    match = _FILE_NAME.fullmatch(path.name)
    if match is None:
        raise ValueError(f"Not a message of the outbox: {path.name}")
    sent_at = datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=UTC)
    return {"key": match["key"], "sent_at": sent_at}


def _parsed(path: Path) -> ParsedMessage | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:  # pruned meanwhile by another process
        return None
    # From bytes: parsing a file object would turn the CRLF of text attachments into LF.
    # policy.default makes the modern message class, with get_body and iter_attachments.
    return BytesParser(policy=policy.default).parsebytes(raw)


def _content(part: Message | None) -> str:
    if not isinstance(part, ParsedMessage):
        return ""
    content = part.get_content()
    return content.replace("\r\n", "\n") if isinstance(content, str) else ""
