"""Keep derived catalogue data in step with every write, from the admin or from services.

Two things follow a change: the programme's search text is rebuilt, and the catalogue
revision goes up so that cached public pages are rendered afresh.
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from lifelong.catalogue import models as m
from lifelong.catalogue.revision import catalogue_revision_bump
from lifelong.catalogue.services import programmes_reindex

_CATALOGUE_MODELS = (
    m.Institution,
    m.Topic,
    m.Audience,
    m.Programme,
    m.Edition,
    m.EditionAudience,
    m.Session,
    m.Document,
)


def _bump(**_kwargs: Any) -> None:
    catalogue_revision_bump()


for _model in _CATALOGUE_MODELS:
    post_save.connect(_bump, sender=_model, dispatch_uid=f"revision-save-{_model.__name__}")
    post_delete.connect(_bump, sender=_model, dispatch_uid=f"revision-delete-{_model.__name__}")
for _through in (m.Programme.topics.through, m.Programme.partners.through):
    m2m_changed.connect(_bump, sender=_through, dispatch_uid=f"revision-m2m-{_through.__name__}")


@receiver(post_save, sender=m.Programme, dispatch_uid="reindex-programme")
def _reindex_programme(instance: m.Programme, raw: bool = False, **_kwargs: Any) -> None:
    if not raw:
        programmes_reindex(programme_ids=[instance.pk])


@receiver(m2m_changed, sender=m.Programme.topics.through, dispatch_uid="reindex-topics")
@receiver(m2m_changed, sender=m.Programme.partners.through, dispatch_uid="reindex-partners")
def _reindex_after_links(
    instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    ids = list(pk_set or []) if reverse else [instance.pk]
    programmes_reindex(programme_ids=ids)


@receiver(post_save, sender=m.Institution, dispatch_uid="reindex-institution")
@receiver(post_save, sender=m.Topic, dispatch_uid="reindex-topic")
def _reindex_after_name_change(
    instance: m.Institution | m.Topic, raw: bool = False, **_kwargs: Any
) -> None:
    if raw:
        return
    ids = set(instance.programmes.values_list("pk", flat=True))
    if isinstance(instance, m.Institution):
        ids.update(instance.partner_programmes.values_list("pk", flat=True))
    programmes_reindex(programme_ids=sorted(ids))
