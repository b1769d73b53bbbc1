"""The federation's own installation (kansli.demo.federation): KSL with its 26 members."""

import pytest

from kansli.demo import federation
from kansli.diary.demo import DemoError
from kansli.diary.models import Event, Party
from kansli.org import stockholm
from kansli.org.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_outcomes_name_each_member_once_in_order():
    assert [o.member for o in federation.OUTCOMES] == [name for name, _ in stockholm.MEMBERS]
    assert len({name for name, _ in stockholm.MEMBERS}) == 26


def test_setup_makes_the_federation_and_its_members_once():
    first = federation.setup()
    again = federation.setup()
    assert Organisation.objects.get().name == stockholm.KSL["name"]
    assert first.setup.organisation == again.setup.organisation
    assert len(first.members) == 26
    assert Party.objects.filter(kind=Party.Kind.ORGANISATION).count() == 26
    assert first.members["Ekerö kommun"].email == "kommun@ekero.se"
    # The members are parties created through the action, journalled.
    assert Event.objects.filter(action="create", object_type="party").count() == 26
    assert "kslregistrator" in federation.logins()


def test_setup_refuses_a_database_that_serves_another_organisation():
    Organisation.objects.create(name="Ekerö kommun")
    with pytest.raises(DemoError, match="database of its own"):
        federation.setup()


def test_loaddemo_federation_loads_ksl_once_and_prints_its_logins():
    from io import StringIO

    from django.core.management import call_command

    from kansli.diary.journal import verify
    from kansli.referrals.models import Referral

    out = StringIO()
    call_command("loaddemo", federation=True, stdout=out)
    assert "KSL 2013/" in out.getvalue() and "kslregistrator" in out.getvalue()
    [referral] = Referral.objects.all()
    assert referral.recipients.count() == 26
    events, problem = verify()
    assert problem is None and events > 26
    out = StringIO()
    call_command("loaddemo", federation=True, stdout=out)
    assert "already loaded" in out.getvalue()
    assert Referral.objects.count() == 1
