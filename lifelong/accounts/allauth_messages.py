"""allauth's messages that we translate ourselves, listed so that `make messages` keeps them.

allauth's own German catalogue speaks "Du"; ours speaks "Sie", and the project's catalogue
(LOCALE_PATHS) wins over an app's. makemessages only keeps translations of messages it finds
in our sources, so every allauth message a person can meet is named here once. Nothing
imports this module. When allauth is upgraded, tests/accounts/test_formal_german.py finds any
new "Du" it brings; add its message here and translate it in lifelong/locale/de.
"""

from django.utils.translation import gettext_noop

ALLAUTH_MESSAGES = (
    gettext_noop("%(client_name)s wants to access your %(site_name)s account."),
    gettext_noop(
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change '
        "your email address</a>."
    ),
    gettext_noop(
        "A list of allowed grant types. Provide one value per line, e.g.: "
        "authorization_code(ENTER)client_credentials(ENTER)refresh_token(ENTER)"
    ),
    gettext_noop(
        "A list of allowed response types. Provide one value per line, e.g.: "
        "code(ENTER)id_token token(ENTER)"
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop(
        "An account already exists with this email address. Please sign in to "
        "that account first, then connect your %s account."
    ),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Authorization for your %(client_name)s device has been denied."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Change Email"),
    gettext_noop("Changing to"),
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop("Email Address"),
    gettext_noop("Enter Password Reset Code"),
    gettext_noop("Enter the code displayed on your device."),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll "
        "send you an email allowing you to reset it."
    ),
    gettext_noop("If it was you, you can sign up for an account using the link below."),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop(
        "In case the client does not specify any scope, these default scopes "
        "are used. Provide one value per line, e.g.: "
        "openid(ENTER)profile(ENTER)email(ENTER)"
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an '
        "email address for user %(user_display)s."
    ),
    gettext_noop("Please confirm the code shown on your %(client_name)s to authorize this device."),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop("Please select only one."),
    gettext_noop("Please type your current password."),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop("The new value must be different from the current one."),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already "
        'been used.  Please request a <a href="%(passwd_reset_url)s">new '
        "password reset</a>."
    ),
    gettext_noop(
        "The scope(s) the client is allowed to request. Provide one value per "
        "line, e.g.: openid(ENTER)profile(ENTER)email(ENTER)"
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please <a "
        'href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_noop(
        "This part of the site requires us to verify that\nyou are who you "
        "claim to be. For this purpose, we require that you\nverify ownership "
        "of your email address. "
    ),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Username can not be used. Please use other username."),
    gettext_noop("Verify Your Email Address"),
    gettext_noop("View your basic profile information"),
    gettext_noop("View your email address"),
    gettext_noop("View your user ID"),
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the "
        "link inside that email. If you do not see the verification email in "
        "your main inbox, check your spam folder. Otherwise\ncontact us if you "
        "do not receive it within a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link "
        "provided to finalize the signup process. If you do not see the "
        "verification email in your main inbox, check your spam folder. Please "
        "contact us if you do not receive the verification email within a few "
        "minutes."
    ),
    gettext_noop(
        "We have sent you an email. If you have not received it please check "
        "your spam folder. Otherwise contact us if you do not receive it in a "
        "few minutes."
    ),
    gettext_noop("You are about to connect a new third-party account from %(provider)s."),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop("You are about to sign in using a third-party account from %(provider)s."),
    gettext_noop(
        "You are about to use your %(provider_name)s account to login "
        "to\n%(site_name)s. As a final step, please complete the following form:"
    ),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop(
        "You are receiving this email because you or someone else tried to "
        "signup for an\naccount using email address:\n\n%(email)s\n\nHowever, an "
        "account using that email address already exists.  In case you "
        "have\nforgotten about this, please use the password forgotten "
        "procedure to recover\nyour account:\n\n%(password_reset_url)s"
    ),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to "
        "access an account with email %(email)s. However, we do not have any "
        "record of such an account in our database."
    ),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop(
        "You currently do not have any email address set up. You should really "
        "add an email address so you can receive notifications, reset your "
        "password, etc."
    ),
    gettext_noop(
        "You decided to cancel logging in to our site using one of your "
        "existing accounts. If this was a mistake, please proceed to <a "
        'href="%(login_url)s">sign in</a>.'
    ),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("You have signed out."),
    gettext_noop("You must type the same email each time."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("You successfully authorized your %(client_name)s device."),
    gettext_noop(
        "You're receiving this email because you or someone else has requested "
        "a password reset for your user account.\nIt can be safely ignored if "
        "you did not request a password reset. Click the link below to reset "
        "your password."
    ),
    gettext_noop("Your account has no password set up."),
    gettext_noop("Your account has no verified email address."),
    gettext_noop("Your email address is still pending verification."),
    gettext_noop(
        "Your email verification code is listed below. Please enter it in your open browser window."
    ),
    gettext_noop("Your password has been changed."),
    gettext_noop("Your password is now changed."),
    gettext_noop(
        "Your password reset code is listed below. Please enter it in your open browser window."
    ),
    gettext_noop("Your phone number is still pending verification."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Your sign-in code is listed below. Please enter it in your open browser window."),
)
