"""Diary numbers and document numbers, as docs/numbering.md states them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kansli.diary import actions
from kansli.diary.models import Case, Classification, Document, SerialCounter
from kansli.lib.diarynumber import DiaryNumberFormat
from tests.conftest import at


def open_case(series, user, when, classification=None, title="Ärende"):
    return actions.do_open_case(series, acting_user=user, title=title,
                                classification=classification, opened_at=when)


def register(case, user, description="Skrivelse"):
    return actions.do_register_document(
        case, acting_user=user, direction="incoming", doc_type="letter",
        description=description, received_date=datetime.date(2013, 5, 3))


# Diary numbers ---------------------------------------------------------------------


def test_serials_run_from_one_per_series_and_year(ks, sn, klass, rita):
    got = [(c.series.code, c.year, c.serial) for c in [
        open_case(ks, rita, at(2013, 3, 1), klass),
        open_case(ks, rita, at(2013, 3, 2), klass),
        open_case(sn, rita, at(2013, 3, 3), klass),
        open_case(ks, rita, at(2013, 3, 4), klass),
        open_case(sn, rita, at(2013, 3, 5), klass),
    ]]
    assert got == [("KS", 2013, 1), ("KS", 2013, 2), ("SN", 2013, 1), ("KS", 2013, 3),
                   ("SN", 2013, 2)]


def test_the_serial_restarts_at_one_each_year(ks, klass, rita):
    assert open_case(ks, rita, at(2013, 12, 30), klass).diary_number == "KS13/1-133"
    assert open_case(ks, rita, at(2013, 12, 31), klass).diary_number == "KS13/2-133"
    assert open_case(ks, rita, at(2014, 1, 2), klass).diary_number == "KS14/1-133"


def test_the_year_is_the_swedish_calendar_year_of_opening(ks, klass, rita):
    """23:30 UTC on New Year's Eve is already the new year in Stockholm."""
    when = datetime.datetime(2013, 12, 31, 23, 30, tzinfo=datetime.UTC)
    case = open_case(ks, rita, when, klass)
    assert case.year == 2014
    assert case.diary_number == "KS14/1-133"


def test_a_case_opened_late_in_a_year_takes_that_years_counter(ks, klass, rita):
    """Opening with a date in the past (registering afterwards) counts in its year."""
    open_case(ks, rita, at(2014, 1, 2), klass)
    assert open_case(ks, rita, at(2013, 12, 20), klass).diary_number == "KS13/1-133"
    assert open_case(ks, rita, at(2014, 1, 3), klass).diary_number == "KS14/2-133"


def test_the_counter_holds_the_last_serial_given(ks, sn, klass, rita):
    open_case(ks, rita, at(2013, 3, 1), klass)
    open_case(ks, rita, at(2013, 3, 2), klass)
    open_case(sn, rita, at(2014, 3, 2), klass)
    assert sorted(SerialCounter.objects.values_list("series__code", "year", "last_serial")) == [
        ("KS", 2013, 2), ("SN", 2014, 1)]


def test_a_cancelled_case_keeps_its_number_and_the_next_case_gets_the_next(ks, klass, rita):
    wrong = open_case(ks, rita, at(2013, 3, 1), klass)
    actions.do_cancel_case(wrong, acting_user=rita, reason="Registrerat två gånger")
    wrong.refresh_from_db()
    assert wrong.is_cancelled
    assert wrong.diary_number == "KS13/1-133"
    assert open_case(ks, rita, at(2013, 3, 2), klass).diary_number == "KS13/2-133"


def test_the_number_is_formatted_with_the_organisations_format_at_opening(org, ks, rita):
    org.diary_number_format = "{series} {yyyy}/{serial:4}"
    org.save()
    case = open_case(ks, rita, at(2017, 3, 1))
    assert case.diary_number == "KS 2017/0001"
    assert case.number_key == "KS2017/0001"


def test_a_new_format_applies_to_new_cases_only(org, ks, klass, rita):
    old = open_case(ks, rita, at(2013, 3, 1), klass)
    org.diary_number_format = "{series} {yyyy}/{serial}"
    org.save()
    new = open_case(ks, rita, at(2013, 3, 2), klass)
    old.refresh_from_db()
    assert (old.diary_number, new.diary_number) == ("KS13/1-133", "KS 2013/2")


def test_reclassification_does_not_renumber(ks, klass, rita):
    """KS13/250-133 keeps 133 in its number even when the case is classified anew."""
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    other = Classification.objects.create(code="2.1", title="Ekonomi")
    actions.do_classify_case(case, acting_user=rita, classification=other,
                             reason="Fel klass vid registrering")
    case.refresh_from_db()
    assert case.classification == other
    assert case.diary_number == "KS13/1-133"
    assert case.number_key == "KS13/1-133"


def test_the_number_does_not_change_with_other_operations(ks, klass, rita, olle):
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    actions.do_correct_case(case, acting_user=rita, reason="Stavfel", title="Nytt namn")
    actions.do_assign_case(case, acting_user=rita, officer=olle)
    actions.do_change_status(case, acting_user=olle, status="in_progress")
    actions.do_close_case(case, acting_user=olle)
    case.refresh_from_db()
    assert (case.diary_number, case.serial, case.year) == ("KS13/1-133", 1, 2013)


def test_a_format_with_the_classification_needs_one_and_consumes_no_number(ks, klass, rita):
    with pytest.raises(ValidationError):
        open_case(ks, rita, at(2013, 3, 1))
    assert open_case(ks, rita, at(2013, 3, 1), klass).serial == 1


def test_the_number_parses_back_to_the_case(org, ks, klass, rita):
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    number = org.number_format.parse("ks13/1-133", series_codes={"KS": "KS"})
    assert Case.objects.get(series__code=number.series, year=number.year,
                            serial=number.serial) == case
    assert case.number == number


def test_the_database_refuses_a_second_case_with_the_same_series_year_and_serial(
        ks, klass, rita):
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(series=ks, year=2013, serial=1, diary_number="KS 2013/1",
                            number_key="KS2013/1", title="Dubblett", opened_at=case.opened_at)


def test_the_database_refuses_a_second_case_with_the_same_diary_number(ks, sn, klass, rita):
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(series=sn, year=2013, serial=1, diary_number=case.diary_number,
                            number_key=case.number_key, title="Dubblett",
                            opened_at=case.opened_at)


def test_a_counter_that_fell_behind_fails_loudly_and_never_duplicates(ks, klass, rita):
    """Uniqueness is the database's: a counter set back (by hand, a bad restore) makes
    the next opening fail instead of giving a number twice."""
    open_case(ks, rita, at(2013, 3, 1), klass)
    SerialCounter.objects.filter(series=ks, year=2013).update(last_serial=0)
    with pytest.raises(IntegrityError):
        open_case(ks, rita, at(2013, 3, 2), klass)
    assert Case.objects.count() == 1


# Imported numbers ---------------------------------------------------------------------


def import_case(series, serial, year, diary_number):
    return actions.do_import_case(series, acting_user=None, diary_number=diary_number,
                                  year=year, serial=serial, title="Importerat",
                                  opened_at=timezone.now())


def test_new_numbers_follow_the_highest_imported_serial(ks, klass, rita):
    import_case(ks, 250, 2013, "KS13/250-133")
    import_case(ks, 17, 2013, "KS13/17-133")
    assert open_case(ks, rita, at(2013, 9, 1), klass).diary_number == "KS13/251-133"


def test_an_imported_number_in_another_format_still_occupies_its_serial(org, ks, klass,
                                                                        rita):
    """An imported "KS 2013/0003" and a new "KS13/3-133" are the same number."""
    open_case(ks, rita, at(2013, 3, 1), klass)
    import_case(ks, 3, 2013, "KS 2013/0003")
    assert open_case(ks, rita, at(2013, 3, 2), klass).serial == 4
    with pytest.raises(ValidationError):
        import_case(ks, 4, 2013, "KS 2013/0004")
    assert SerialCounter.objects.get(series=ks, year=2013).last_serial == 4


def test_an_imported_case_without_its_counter_raised_cannot_take_a_new_number(
        ks, klass, rita):
    """Had the importer forgotten the counter, the constraint refuses the collision."""
    Case.objects.create(series=ks, year=2013, serial=1, diary_number="KS 2013/0001",
                        number_key="KS2013/0001", title="Importerat",
                        opened_at=timezone.now(), imported=True)
    with pytest.raises(IntegrityError):
        open_case(ks, rita, at(2013, 3, 1), klass)


# Document numbers ----------------------------------------------------------------------


def test_documents_are_numbered_from_one_within_their_case(ks, klass, rita):
    first = open_case(ks, rita, at(2013, 3, 1), klass)
    second = open_case(ks, rita, at(2013, 3, 2), klass)
    numbers = [register(first, rita).number, register(first, rita).number,
               register(second, rita).number, register(first, rita).number]
    assert numbers == [1, 2, 1, 3]
    first.refresh_from_db()
    assert first.last_document_number == 3
    assert [d.reference for d in first.documents.all()] == [
        "KS13/1-133:1", "KS13/1-133:2", "KS13/1-133:3"]


def test_a_cancelled_document_keeps_its_number_and_it_is_never_reused(ks, klass, rita):
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    register(case, rita)
    wrong = register(case, rita)
    actions.do_cancel_document(wrong, acting_user=rita, reason="Fel ärende")
    assert register(case, rita).number == 3
    wrong.refresh_from_db()
    assert (wrong.number, wrong.is_cancelled) == (2, True)


def test_a_correction_does_not_renumber_a_document(ks, klass, rita):
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    document = register(case, rita)
    with pytest.raises(ValidationError):
        actions.do_correct_document(document, acting_user=rita, reason="Nytt", number=5)
    actions.do_correct_document(document, acting_user=rita, reason="Stavfel",
                                description="Skrivelse från KSL")
    document.refresh_from_db()
    assert document.number == 1


def test_a_cancelled_case_takes_no_more_documents(ks, klass, rita):
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    actions.do_cancel_case(case, acting_user=rita, reason="Dubblett")
    with pytest.raises(ValidationError):
        register(case, rita)
    case.refresh_from_db()
    assert case.last_document_number == 0


def test_the_database_refuses_a_second_document_with_the_same_number(ks, klass, rita):
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    document = register(case, rita)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(case=case, number=1, direction="incoming", doc_type="letter",
                                description="Dubblett", received_date=document.received_date,
                                registered_at=document.registered_at)


def test_registering_with_a_stale_case_object_still_takes_the_next_number(ks, klass, rita):
    """The number comes from the locked row, not from the caller's copy of the case."""
    case = open_case(ks, rita, at(2013, 3, 1), klass)
    stale = Case.objects.get(pk=case.pk)
    register(case, rita)
    register(case, rita)
    assert stale.last_document_number == 0
    assert register(stale, rita).number == 3


# The formats of the issue, through the whole opening ------------------------------------


@pytest.mark.parametrize(
    ("template", "code", "year", "serial", "expected"),
    [
        ("{series}{yy}/{serial}-{class}", "KS", 2013, 250, "KS13/250-133"),
        ("{series} {yyyy}/{serial}", "KS", 2018, 124, "KS 2018/124"),
        ("{series} {yyyy}/{serial:4}", "KS", 2017, 996, "KS 2017/0996"),
        ("{yyyy}/{series} {serial:4}", "KS", 2018, 290, "2018/KS 0290"),
        ("{series} {serial}/{yyyy}", "Ks", 2014, 1126, "Ks 1126/2014"),
        ("{series}-{yyyy}-{serial:5}", "SLK", 2023, 1047, "SLK-2023-01047"),
    ],
)
def test_each_format_of_the_issue_numbers_a_case(org, klass, rita, template, code, year,
                                                 serial, expected):
    from kansli.diary.models import Series

    org.diary_number_format = template
    org.save()
    series = Series.objects.create(organisation=org, code=code, name=code)
    SerialCounter.objects.create(series=series, year=year, last_serial=serial - 1)
    case = open_case(series, rita, at(year, 6, 1), klass)
    assert case.diary_number == expected
    fmt = DiaryNumberFormat(template)
    assert fmt.format(fmt.parse(expected.lower(), series_codes={code.upper(): code})) == expected


def test_an_import_is_journalled_and_searchable(ks, klass, rita):
    from kansli.diary import search
    from kansli.diary.models import Event

    case = actions.do_import_case(ks, acting_user=rita, diary_number="KS 2009/0117",
                                  year=2009, serial=117, title="Avfallsplan",
                                  opened_at=at(2009, 2, 3))
    assert Event.objects.get(action="import").case == case
    assert search.search(search.Criteria(number="KS2009/0117"), documents=False).ids == [
        case.pk]
