"""The one family of certificate errors: a machine-readable code and a message in the
reader's language, like the other domains'."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lifelong.lib.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "no_certificate": _("This edition issues no certificate."),
    "not_a_participant": _("{name} does not hold a confirmed place in this edition."),
    "rule_not_met": _("{name} does not meet the rule yet: {reason}"),
    "already_revoked": _("This certificate was revoked already."),
    "reason_required": _("Please give a reason; it is kept in the log for organisers."),
    "category_unknown": _("Choose why the certificate is revoked."),
    "name_unchanged": _("The certificate has the name of the application already."),
    "no_holder": _("This certificate no longer belongs to an application."),
    "result_unknown": _("Choose passed or failed."),
    "run_in_progress": _("Certificates of this edition are being issued already."),
    "signing_key_missing": _(
        "No signing key is configured, so no certificate can be issued. "
        "Ask the site administrator (CREDENTIAL_KEYS_FILE)."
    ),
}


class CertificateError(DomainError):
    MESSAGES = MESSAGES
