"""``kansli integration``: create (the token printed once), list, revoke."""

import io

import pytest
from django.core.management import CommandError, call_command

from kansli.api.models import Integration


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("integration", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_the_token_once_and_keeps_its_hash(db):
    out, err = run("create", "e-tjanst", "--scope", "documents:write", "--scope", "cases:read")
    token = out.strip()
    assert token.startswith("kansli_")
    integration = Integration.objects.get(name="e-tjanst")
    assert integration.scopes == ["cases:read", "documents:write"]
    assert integration.user.username == "api-e-tjanst"
    assert not integration.user.has_usable_password()
    assert Integration.authenticate(token) == integration
    listing, _ = run("list")
    assert token not in listing
    assert integration.token_prefix in listing


def test_an_unknown_scope_is_refused(db):
    with pytest.raises(CommandError):
        run("create", "x", "--scope", "everything")
    assert not Integration.objects.exists()


def test_a_bad_name_or_a_taken_name_is_refused(db):
    with pytest.raises(CommandError):
        run("create", "Två ord", "--scope", "cases:read")
    run("create", "arkiv", "--scope", "cases:read")
    with pytest.raises(CommandError):
        run("create", "arkiv", "--scope", "cases:read")


def test_revoke_makes_the_token_useless(db):
    token = run("create", "arkiv", "--scope", "cases:read")[0].strip()
    out, _ = run("revoke", "arkiv")
    assert "arkiv" in out
    assert Integration.authenticate(token) is None
    assert "revoked" in run("list")[0]
    with pytest.raises(CommandError):
        run("revoke", "arkiv")
    with pytest.raises(CommandError):
        run("revoke", "unknown")


def test_rotate_replaces_the_token_and_keeps_the_service_user(db):
    old = run("create", "arkiv", "--scope", "cases:read")[0].strip()
    run("revoke", "arkiv")
    new = run("rotate", "arkiv")[0].strip()
    assert new != old
    assert Integration.authenticate(old) is None
    integration = Integration.authenticate(new)
    assert integration.user.username == "api-arkiv"
    with pytest.raises(CommandError):
        run("rotate", "unknown")
