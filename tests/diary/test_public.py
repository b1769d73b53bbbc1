"""kansli.diary.public: what any public output may show of the diary."""

import pytest

from kansli.diary import public
from kansli.diary.actions import NewFile, do_cancel_document, do_create_party, do_mark_secret
from kansli.diary.models import Document
from kansli.lib.personnummer import MASK
from tests.conftest import open_case, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(rita, ks, klass):
    return open_case(rita, ks, klass, title="Bygglov för 811228-9874")


def entry(document, publish_files=True):
    document = (Document.objects.select_related("case").prefetch_related(
        *public.PUBLIC_PREFETCH).get(pk=document.pk))
    return public.document_entry(document, publish_files=publish_files)


def test_personnummer_are_masked_in_titles_descriptions_and_file_names(case, rita, ksl):
    document = register(case, rita, description="Ansökan från 811228-9874",
                        senders=[ksl], files=[NewFile("811228-9874.pdf", b"%PDF")])
    assert public.case_title(case) == f"Bygglov för {MASK}"
    shown = entry(document)
    assert shown.description == f"Ansökan från {MASK}"
    assert [f.filename for f in shown.files] == [f"{MASK}.pdf"]
    assert shown.senders == ["Kommunförbundet Stockholms län"]


def test_a_private_person_is_not_named_and_a_secret_party_says_so(case, rita, ksl):
    petra = do_create_party(acting_user=rita, kind="person", name="Petra Person")
    do_mark_secret(ksl, acting_user=rita, ground="OSL 21 kap. 3 §")
    ksl.refresh_from_db()
    shown = entry(register(case, rita, senders=[petra, ksl]))
    assert "Petra Person" not in shown.senders and "Kommunförbundet" not in str(shown)
    assert sorted(shown.senders) == ["Part som omfattas av sekretess", "Privatperson"]


def test_a_secret_document_shows_its_ground_and_nothing_else(case, rita, ksl):
    document = register(case, rita, description="Utredning om barnet", senders=[ksl],
                        files=[NewFile("utredning.pdf", b"%PDF")])
    do_mark_secret(document, acting_user=rita, ground="OSL 26 kap. 1 §")
    shown = entry(document)
    assert shown.secret and shown.secrecy_ground == "OSL 26 kap. 1 §"
    assert shown.description is None and shown.senders == [] and shown.files == []
    assert "Utredning" not in str(shown)
    document.refresh_from_db()
    assert public.public_file(document, document.files.get().pk, publish_files=True) is None


def test_files_are_offered_only_when_the_organisation_publishes_them(case, rita):
    document = register(case, rita, files=[NewFile("beslut.pdf", b"%PDF")])
    withheld = entry(document, publish_files=False)
    assert withheld.files == [] and withheld.files_withheld
    file_pk = document.files.get().pk
    assert public.public_file(document, file_pk, publish_files=False) is None
    assert public.public_file(document, file_pk, publish_files=True).pk == file_pk


def test_cancelled_registrations_are_not_public(case, rita):
    kept, cancelled = register(case, rita), register(case, rita)
    do_cancel_document(cancelled, acting_user=rita, reason="Fel ärende")
    assert list(public.public_documents()) == [kept]
