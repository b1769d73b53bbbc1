"""The project's own promises: migrations match the models, Django's checks pass."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_djangos_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_every_installation_has_the_diary_roles():
    from django.contrib.auth.models import Group

    from kansli.diary import access

    assert set(access.ROLES) <= set(Group.objects.values_list("name", flat=True))
