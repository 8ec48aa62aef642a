from django.db import migrations

# Articles of the Law and of Decrees 98/2023 and 152/2025 read in the published texts: the bases are
# rewritten; a coefficient is only filled where the row has none, so an admin's figure is kept.
REWRITTEN = ["legal_basis", "prize_basis", "prerequisites"]
FILLED = ["prize_coefficient", "prize_coefficient_collective"]


def cite_articles(apps, schema_editor):
    import json

    from awards.catalogue import CATALOGUE, _value, load_catalogue, load_reference_data

    AwardType = apps.get_model("awards", "AwardType")
    load_catalogue(AwardType, fields=REWRITTEN)
    rows = json.loads(CATALOGUE.read_text(encoding="utf-8"))["award_types"]
    for row in rows:
        for name in FILLED:
            if row.get(name) is not None:
                AwardType.objects.filter(code=row["code"], **{f"{name}__isnull": True}).update(
                    **{name: _value(name, row[name])}
                )
    # the article of the expired vote rule, where the row still carries the text it was loaded with
    # (an admin writes the province's own rule there)
    for row in rows:
        old = row.get("vote_rule_basis", "").replace(", khoản 8 Điều 45,", "", 1)
        if old != row.get("vote_rule_basis", ""):
            AwardType.objects.filter(code=row["code"], vote_rule_basis=old).update(vote_rule_basis=row["vote_rule_basis"])
    # the base salary from 01/7/2026 (Decree 161/2026/NĐ-CP)
    load_reference_data(apps.get_model("awards", "BaseSalary"), apps.get_model("awards", "LegalText"))


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0009_records_revocation_people"),
    ]

    operations = [
        migrations.RunPython(cite_articles, migrations.RunPython.noop),
    ]
