"""The roles of the diary, as Django groups, and the head of the journal chain, in every
installation."""

from django.db import migrations

ROLES = ["registrar", "case_officer", "administrator"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    JournalHead = apps.get_model("diary", "JournalHead")
    JournalHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [
        ("diary", "0002_search_and_journal_guards"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
