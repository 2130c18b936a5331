"""The back office for site staff until the organisers' pages exist."""

from django.contrib import admin

from lifelong.catalogue import models as m


@admin.register(m.Institution)
class InstitutionAdmin(admin.ModelAdmin[m.Institution]):
    list_display = ("name_de", "name_en", "slug", "website")
    search_fields = ("name_de", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_de",)}


@admin.register(m.Topic)
class TopicAdmin(admin.ModelAdmin[m.Topic]):
    list_display = ("name_de", "name_en", "slug")
    search_fields = ("name_de", "name_en")


@admin.register(m.Audience)
class AudienceAdmin(admin.ModelAdmin[m.Audience]):
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
class ProgrammeAdmin(admin.ModelAdmin[m.Programme]):
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
class EditionAdmin(admin.ModelAdmin[m.Edition]):
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
