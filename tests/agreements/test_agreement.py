"""An agreement's record: versions, areas, parties and their decisions, each through
one action with its journal event (docs/agreements.md, rules 1–4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kansli.agreements import actions
from kansli.agreements.models import Adoption, AgreementParty, Area
from kansli.diary import actions as diary_actions
from kansli.diary import journal
from kansli.diary.models import Event
from tests.agreements.conftest import build
from tests.conftest import open_case, register

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_agreement_has_two_versions_the_revision_with_the_seeds_four_areas(rita, case):
    w = build(rita, case, 3, period=False)
    assert [v.label for v in w.agreement.versions.order_by("pk")] == [
        "2009", "Justerat förslag 2013-05-06"]
    assert w.version.replaces == w.first and w.version.document == w.document
    assert [(a.target_group, a.name) for a in w.version.areas.order_by("order")] == [
        ("adults", "Utbildnings- och arbetslivsinriktade insatser för vuxna"),
        ("children", "Modersmålsundervisning"), ("children", "Hälsofrågor"),
        ("children", "Utbildningsinsatser för gode män")]
    assert not w.first.areas.exists()


def test_each_change_is_journalled_in_the_case_it_is_kept_in(rita, case):
    build(rita, case, 2)
    actions_seen = list(Event.objects.filter(case=case, action__startswith="agreement.")
                        .values_list("action", flat=True))
    assert actions_seen == [
        "agreement.create", "agreement.add_version", "agreement.add_version",
        "agreement.add_areas", "agreement.add_party", "agreement.adopt",
        "agreement.add_party", "agreement.adopt", "agreement.open_period"]
    assert journal.verify()[1] is None


def test_an_agreement_without_a_case_is_journalled_without_one(rita):
    agreement = actions.do_create_agreement(acting_user=rita, title="Avtal om IT-drift")
    event = Event.objects.get(action="agreement.create")
    assert event.case is None and event.object_id == agreement.pk
    assert agreement.coordinator is None  # this organisation coordinates


def test_a_title_is_required(rita):
    with pytest.raises(ValidationError, match="needs a title"):
        actions.do_create_agreement(acting_user=rita, title="  ")


def test_a_version_label_is_unique_within_the_agreement(rita, case):
    w = build(rita, case, 1, period=False)
    with pytest.raises(ValidationError, match="already has a version 2009"):
        actions.do_add_version(w.agreement, acting_user=rita, label="2009")


def test_a_version_is_replaced_once(rita, case):
    w = build(rita, case, 1, period=False)
    with pytest.raises(ValidationError, match="already replaced"):
        actions.do_add_version(w.agreement, acting_user=rita, label="2015", replaces=w.first)


def test_a_version_document_comes_from_the_agreements_case(rita, case, ks, klass):
    w = build(rita, case, 1, period=False)
    elsewhere = register(open_case(rita, ks, klass, title="Annat"), rita, "Brev")
    with pytest.raises(ValidationError, match="another case"):
        actions.do_add_version(w.agreement, acting_user=rita, label="2015", document=elsewhere)


def test_areas_are_named_once_with_a_target_group(rita, case):
    w = build(rita, case, 1, period=False)
    with pytest.raises(ValidationError, match="already has the area Hälsofrågor"):
        actions.do_add_areas(w.version, acting_user=rita, areas=[("children", "Hälsofrågor")])
    with pytest.raises(ValidationError, match="Not a target group"):
        actions.do_add_areas(w.version, acting_user=rita, areas=[("elderly", "Äldreomsorg")])
    with pytest.raises(ValidationError, match="named twice"):
        actions.do_add_areas(w.first, acting_user=rita,
                             areas=[("adults", "SFI"), ("adults", "SFI")])
    added = actions.do_add_areas(w.version, acting_user=rita, areas=[("adults", "Bostäder")])
    assert added[0].order == 4


def test_the_areas_of_a_followed_up_version_are_fixed(rita, case):
    w = build(rita, case, 1)
    with pytest.raises(ValidationError, match="already followed up"):
        actions.do_add_areas(w.version, acting_user=rita, areas=[("adults", "Bostäder")])
    assert Area.objects.filter(version=w.version).count() == 4


def test_a_party_joins_once_and_is_an_organisation(rita, case):
    w = build(rita, case, 1, period=False)
    with pytest.raises(ValidationError, match="already a party"):
        actions.do_add_party(w.agreement, acting_user=rita, party=w.parties[0])
    person = diary_actions.do_create_party(acting_user=rita, kind="person", name="Anna Andersson")
    with pytest.raises(ValidationError, match="is an organisation"):
        actions.do_add_party(w.agreement, acting_user=rita, party=person)


def test_this_organisation_is_a_party_once_even_past_the_action(rita, case):
    w = build(rita, case, 1, period=False)
    actions.do_add_party(w.agreement, acting_user=rita, party=None)
    with pytest.raises(ValidationError, match="already a party"):
        actions.do_add_party(w.agreement, acting_user=rita, party=None)
    # The database holds the rule too (NULL is not equal to NULL in a plain unique index).
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementParty.objects.create(agreement=w.agreement, party=None)


def test_a_decision_keeps_its_reference(rita, case):
    w = build(rita, case, 2, adopt=False, period=False)
    adoption = actions.do_record_adoption(
        w.version, w.parties[1], acting_user=rita, decision="declined", body="Kommunstyrelsen",
        decided_on=D(2013, 11, 4), paragraph="§ 172", document=w.document)
    assert adoption.reference == "Kommunstyrelsen 2013-11-04 § 172"
    assert not adoption.adopted and adoption.document == w.document
    event = Event.objects.get(action="agreement.adopt")
    assert event.data["reference"] == "Kommunstyrelsen 2013-11-04 § 172"
    assert event.data["decision"] == "declined"


def test_the_same_version_is_decided_once_per_party(rita, case):
    w = build(rita, case, 1, period=False)
    with pytest.raises(ValidationError, match="already recorded"):
        actions.do_record_adoption(w.version, w.parties[0], acting_user=rita,
                                   decision="declined", body="Kommunfullmäktige",
                                   decided_on=D(2013, 12, 1))
    # Another version is another decision.
    actions.do_record_adoption(w.first, w.parties[0], acting_user=rita, decision="adopted",
                               body="Kommunfullmäktige", decided_on=D(2009, 5, 1))
    assert Adoption.objects.count() == 2


def test_only_a_party_decides(rita, case):
    w = build(rita, case, 1, period=False)
    outsider = diary_actions.do_create_party(acting_user=rita, kind="organisation",
                                             name="Uppsala kommun")
    with pytest.raises(ValidationError, match="is not a party to the agreement"):
        actions.do_record_adoption(w.version, outsider, acting_user=rita, decision="adopted",
                                   body="Kommunfullmäktige", decided_on=D(2013, 12, 1))


def test_a_decision_needs_body_day_and_a_known_outcome(rita, case):
    w = build(rita, case, 2, adopt=False, period=False)
    party = w.parties[0]
    with pytest.raises(ValidationError, match="adopted or declined"):
        actions.do_record_adoption(w.version, party, acting_user=rita, decision="maybe",
                                   body="KF", decided_on=D(2013, 12, 1))
    with pytest.raises(ValidationError, match="which body"):
        actions.do_record_adoption(w.version, party, acting_user=rita, decision="adopted",
                                   decided_on=D(2013, 12, 1))
    with pytest.raises(ValidationError, match="day of the decision"):
        actions.do_record_adoption(w.version, party, acting_user=rita, decision="adopted",
                                   body="KF")
    with pytest.raises(ValidationError, match="before the version"):
        actions.do_record_adoption(w.version, party, acting_user=rita, decision="adopted",
                                   body="KF", decided_on=D(2013, 1, 1))


def test_our_own_paragraph_is_only_for_our_own_decision(rita, case):
    from kansli.meetings.models import Paragraph

    w = build(rita, case, 1, adopt=False, period=False)
    with pytest.raises(ValidationError, match="only this organisation's decision"):
        actions.do_record_adoption(w.version, w.parties[0], acting_user=rita,
                                   decision="adopted", meeting_paragraph=Paragraph())
