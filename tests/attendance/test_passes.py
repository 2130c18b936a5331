"""Personal check-in passes: one valid pass per place, in the acceptance e-mail and on
"My programmes"; replacing a lost pass stops the old code at once."""

import io

import pytest
import segno
from django.core import mail
from PIL import Image

from lifelong.enrolment.models import CheckinPass
from lifelong.enrolment.passes import PASS_ALPHABET, pass_code_normalised
from lifelong.enrolment.services import checkin_pass_replace
from tests.attendance.helpers import make_day, make_participant, valid_pass
from tests.enrolment.helpers import make_organiser, make_user, run_tasks

pytestmark = pytest.mark.django_db


def qr_modules(png: bytes, size: int, *, scale: int = 8, border: int = 2) -> list[list[bool]]:
    """Which modules of a QR code picture are dark, read off the pixels."""
    image = Image.open(io.BytesIO(png)).convert("L")

    def dark(row: int, col: int) -> bool:
        middle = ((col + border) * scale + scale // 2, (row + border) * scale + scale // 2)
        return int(image.getpixel(middle)) < 128  # type: ignore[arg-type]

    return [[dark(row, col) for col in range(size)] for row in range(size)]


def test_a_pass_code_is_short_readable_and_stable():
    person = make_participant(make_day(), "Ada Lovelace")
    first = valid_pass(person)
    assert valid_pass(person) == first
    raw = first.code.replace("-", "")
    assert len(first.code) == 9 and first.code[4] == "-" and set(raw) <= set(PASS_ALPHABET)
    assert pass_code_normalised(f"  {raw[:3]} {raw[3:].lower()}") == first.code


def test_replacing_a_pass_revokes_the_old_one():
    person = make_participant(make_day(), "Ada Lovelace")
    old = valid_pass(person)
    new = checkin_pass_replace(application=person, actor=make_organiser(person.edition))
    old.refresh_from_db()
    assert old.revoked_at is not None and new.code != old.code
    assert valid_pass(person) == new
    assert CheckinPass.objects.filter(application=person, revoked_at=None).count() == 1


def test_the_acceptance_email_carries_the_pass_and_its_qr_code():
    day = make_day()
    person = make_participant(day, "Ada Lovelace", make_user(preferred_language="en"))
    run_tasks()
    (message,) = mail.outbox
    code = CheckinPass.objects.get(application=person).code
    assert f"Your check-in pass: {code}" in message.body
    filename, content, mimetype = next(a for a in message.attachments if a[0].endswith(".png"))
    assert (filename, mimetype) == ("check-in-pass.png", "image/png")
    expected = segno.make(code, error="m", micro=False)
    size = int(expected.symbol_size(scale=1, border=0)[0])
    assert qr_modules(content, size) == [[bool(m) for m in row] for row in expected.matrix]


def test_my_programmes_shows_the_pass(client):
    person = make_participant(make_day(), "Ada Lovelace")
    client.force_login(person.applicant)
    page = client.get("/en/my/").content.decode()
    code = CheckinPass.objects.get(application=person).code
    assert code in page
    assert f"<title>QR code of your pass: {code}</title>" in page


def test_a_participant_replaces_a_lost_pass(client):
    person = make_participant(make_day(), "Ada Lovelace")
    old = valid_pass(person).code
    client.force_login(person.applicant)
    page = client.post(f"/en/my/passes/{person.pk}/new/", follow=True)
    new = CheckinPass.objects.get(application=person, revoked_at=None).code
    assert new != old and new in page.content.decode()
    assert CheckinPass.objects.get(code=old).revoked_at is not None


def test_nobody_replaces_someone_elses_pass(client):
    person = make_participant(make_day(), "Ada Lovelace")
    old = valid_pass(person).code
    client.force_login(make_user())
    assert client.post(f"/en/my/passes/{person.pk}/new/").status_code == 404
    assert CheckinPass.objects.get(application=person, revoked_at=None).code == old
