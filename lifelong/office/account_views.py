""" "My account": a person's name, a copy of their data, erasing their account; and the site
administrator's page to erase someone on request. Thin: access, one service, render."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from lifelong.accounts.access import signed_in_user
from lifelong.jobs.selectors import progress_json
from lifelong.office import data_export, people
from lifelong.office.access import access_data_export_by_id_as_person, access_site_administration
from lifelong.office.account_forms import AdminEraseForm, EraseForm, NameForm
from lifelong.office.models import DataExport


@never_cache
@login_required
@require_safe
def my_account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "office/account/account.html",
        {
            "name_form": NameForm(
                initial={"first_name": user.first_name, "last_name": user.last_name}
            ),
            "export": DataExport.objects.filter(person=user).select_related("job").first(),
            "export_days": data_export.EXPORT_DAYS,
        },
    )


@login_required
@require_POST
def my_name(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = NameForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "office/account/account.html",
            {
                "name_form": form,
                "export": DataExport.objects.filter(person=user).select_related("job").first(),
                "export_days": data_export.EXPORT_DAYS,
            },
            status=422,
        )
    people.person_name_correct(
        person=user,
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
    )
    messages.success(
        request,
        _(
            "Your name is corrected. A certificate keeps the name it was issued to: ask its "
            "organisers to re-issue it."
        ),
    )
    return redirect("office:my_account")


@login_required
@require_POST
def my_data_request(request: HttpRequest) -> HttpResponse:
    export = data_export.data_export_start(person=signed_in_user(request))
    return redirect("office:my_data", export_id=export.pk)


@never_cache
@login_required
@require_safe
def my_data(request: HttpRequest, export_id: int) -> HttpResponse:
    export = access_data_export_by_id_as_person(signed_in_user(request), export_id)
    return render(
        request,
        "office/account/data.html",
        {"export": export, "job": export.job},
        status=410 if export.is_expired else 200,
    )


@never_cache
@login_required
@require_safe
def my_data_progress(request: HttpRequest, export_id: int) -> JsonResponse:
    export = access_data_export_by_id_as_person(signed_in_user(request), export_id)
    return JsonResponse(progress_json(export.job))


@never_cache
@login_required
@require_safe
def my_data_download(request: HttpRequest, export_id: int) -> HttpResponse:
    export = access_data_export_by_id_as_person(signed_in_user(request), export_id)
    if export.is_expired or export.ready_at is None:
        return render(
            request, "office/account/data.html", {"export": export, "job": export.job}, status=410
        )
    return HttpResponse(
        bytes(export.archive),
        content_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="my-data-{export.ready_at:%Y-%m-%d}.zip"'
        },
    )


@never_cache
@login_required
def my_erase(request: HttpRequest) -> HttpResponse:
    """Erase one's own account, after typing one's e-mail address."""
    user = signed_in_user(request)
    form = EraseForm(request.POST if request.method == "POST" else None, person=user)
    if request.method == "POST" and form.is_valid():
        try:
            people.person_erase(
                person=user,
                actor=user,
                withdraw_certificates=form.cleaned_data["withdraw_certificates"],
            )
        except people.PersonError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            return redirect("office:erased")
    return render(
        request,
        "office/account/erase.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@require_safe
def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "office/account/erased.html")


@never_cache
@login_required
def staff_erase(request: HttpRequest) -> HttpResponse:
    """A site administrator erases a person who asked by another way (a letter, an e-mail)."""
    admin = access_site_administration(signed_in_user(request))
    form = AdminEraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = people.person_erase(
                person=form.cleaned_data["email"],
                actor=admin,
                withdraw_certificates=form.cleaned_data["withdraw_certificates"],
            )
        except people.PersonError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Erased: %(pseudonym)s (%(applications)d application).",
                    "Erased: %(pseudonym)s (%(applications)d applications).",
                    done.applications,
                )
                % {
                    "pseudonym": people.pseudonym(done.person_id),
                    "applications": done.applications,
                },
            )
            return redirect("office:staff_erase")
    return render(
        request,
        "office/account/staff_erase.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )
