"""The site administrator's view of the catalogue (organisers use the office's pages).

Every save and delete here tells the catalogue (`catalogue_changed`), like the services do:
the revision goes up and the search text follows the change."""

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from lifelong.catalogue import models as m
from lifelong.catalogue.services import catalogue_changed, programmes_of_institution


def _programme_ids(obj: Model) -> list[int]:
    """The programmes whose search text may change with `obj`."""
    if isinstance(obj, m.Programme):
        return [obj.pk]
    if isinstance(obj, m.Institution):
        return programmes_of_institution(obj.pk)
    if isinstance(obj, m.Topic):
        return list(obj.programmes.values_list("pk", flat=True))
    return []


T = TypeVar("T", bound=Model)


class CatalogueAdmin(admin.ModelAdmin[T]):
    def save_related(
        self, request: HttpRequest, form: ModelForm[T], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)  # m2m and inlines, then:
        catalogue_changed(programme_ids=_programme_ids(form.instance))

    # The programmes concerned are found before the delete; those deleted with it are simply
    # not found again when their search text is rebuilt.
    def delete_model(self, request: HttpRequest, obj: T) -> None:
        ids = _programme_ids(obj)
        super().delete_model(request, obj)
        catalogue_changed(programme_ids=ids)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[T]) -> None:
        ids = [pk for obj in queryset for pk in _programme_ids(obj)]
        super().delete_queryset(request, queryset)
        catalogue_changed(programme_ids=ids)


@admin.register(m.Institution)
class InstitutionAdmin(CatalogueAdmin[m.Institution]):
    list_display = ("name_de", "name_en", "slug", "website")
    search_fields = ("name_de", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_de",)}


@admin.register(m.Topic)
class TopicAdmin(CatalogueAdmin[m.Topic]):
    list_display = ("name_de", "name_en", "slug")
    search_fields = ("name_de", "name_en")


@admin.register(m.Audience)
class AudienceAdmin(CatalogueAdmin[m.Audience]):
    list_display = ("name_de", "name_en", "slug")
    search_fields = ("name_de", "name_en")


class DocumentInline(admin.TabularInline[m.Document, m.Programme]):
    model = m.Document
    extra = 0


class EditionInline(admin.TabularInline[m.Edition, m.Programme]):
    model = m.Edition
    fields = ("label", "status", "applications_open_at", "applications_close_at", "capacity")
    extra = 0
    show_change_link = True


@admin.register(m.Programme)
class ProgrammeAdmin(CatalogueAdmin[m.Programme]):
    list_display = ("title_de", "title_en", "institution", "format")
    list_filter = ("format", "institution", "topics")
    search_fields = ("title_de", "title_en", "slug")
    prepopulated_fields = {"slug": ("title_de",)}
    filter_horizontal = ("topics", "partners")
    inlines = [EditionInline, DocumentInline]
    list_select_related = ("institution",)


class SessionInline(admin.TabularInline[m.Session, m.Edition]):
    model = m.Session
    extra = 0


class EditionAudienceInline(admin.TabularInline[m.EditionAudience, m.Edition]):
    model = m.EditionAudience
    extra = 0


@admin.register(m.Edition)
class EditionAdmin(CatalogueAdmin[m.Edition]):
    list_display = (
        "programme",
        "label",
        "status",
        "applications_close_at",
        "capacity",
        "selection_mode",
    )
    list_filter = ("status", "selection_mode", "language")
    search_fields = ("programme__title_de", "programme__title_en", "label")
    list_select_related = ("programme",)
    inlines = [SessionInline, EditionAudienceInline]
