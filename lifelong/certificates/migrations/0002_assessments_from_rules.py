"""Assessments named in an edition's certificate rule (JSON) become Assessment rows."""

from django.db import migrations


def forwards(apps, schema_editor):
    Edition = apps.get_model("catalogue", "Edition")
    Assessment = apps.get_model("certificates", "Assessment")
    for edition in Edition.objects.exclude(certificate_rule={}):
        rule = dict(edition.certificate_rule or {})
        named = rule.pop("assessments", None)
        if named is None:
            continue
        for position, names in enumerate(named):
            Assessment.objects.create(
                edition=edition,
                position=position,
                kind="other",
                name_de=names.get("de", ""),
                name_en=names.get("en", ""),
                required=True,
            )
        edition.certificate_rule = rule
        edition.save(update_fields=["certificate_rule"])


def backwards(apps, schema_editor):
    Edition = apps.get_model("catalogue", "Edition")
    Assessment = apps.get_model("certificates", "Assessment")
    for edition in Edition.objects.filter(assessments__isnull=False).distinct():
        rule = dict(edition.certificate_rule or {})
        rule["assessments"] = [
            {"de": a.name_de, "en": a.name_en}
            for a in Assessment.objects.filter(edition=edition).order_by("position", "pk")
        ]
        edition.certificate_rule = rule
        edition.save(update_fields=["certificate_rule"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("catalogue", "0003_session_mandatory_institution_logo"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
