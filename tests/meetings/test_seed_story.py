"""The reference case KS13/250-133 from the letter that came in to the decision that
went out (DESIGN.md §1, steps 1–6), through the actions, checked against the seed
document: Ekerö kommun's tjänsteutlåtande of 2013-11-05.

1. 2013-06-05: KSL's recommendation with the agreement (justerat förslag 2013-05-06)
   is registered in a new KS case, KS13/250-133.
2. KS refers the case to Socialnämnden for its opinion; Socialkontoret's tjänsteutlåtande
   of 2013-08-29; SN decides on 2013-09-25 in § 130; the extract is registered in the case.
3. The anstånd to 2013-12-19, in the tjänsteanteckning of 2013-10-24.
4. Kommunkansliet's tjänsteutlåtande of 2013-11-05, written exactly as the seed.
5. KS proposes on 2013-11-26; KF, announced a week before, decides on 2013-12-16.
6. The KF minutes are approved on 2013-12-18 and posted; the appeal window runs; the
   extract goes to KSL and Socialkontoret before 19 December.
"""

import datetime

import pytest

from kansli.diary import actions as diary
from kansli.diary import journal
from kansli.diary.models import Document, DocumentParty, SerialCounter
from kansli.meetings import actions
from kansli.meetings.models import Handling, Meeting, Paragraph, ParagraphCounter, Posting
from kansli.org.models import Unit
from tests.conftest import at, register
from tests.meetings.conftest import approve, attend

pytestmark = pytest.mark.django_db

D = datetime.date
T = Document.Type
TITLE = "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända"

# The seed document, its PDF line breaks and hyphenation undone.
SEED_PROPOSAL = ("Kommunstyrelsen föreslår Kommunfullmäktige besluta att anta överenskommelse "
                 "om samverkan mellan kommuner i Stockholms län gällande nyanlända")
SEED_SUMMARY = [
    "Sedan 2009 finns en överenskommelse mellan länets kommuner gällande samverkan kring "
    "introduktion för nyanlända flyktingar. Syftet med överenskommelsen är att Stockholms "
    "läns kommuner genom samarbete ska underlätta och förbättra integrationen av nyanlända "
    "i länet.",
    "I och med etableringsreformens införande i december 2010 förändrades kommunernas "
    "ansvar gällande flyktingmottagande. Reformen innebar bland annat att vissa tidigare "
    "kommunala åtaganden flyttades över till Arbetsförmedlingen. Etableringsreformens "
    "införande samt att den tidigare överenskommelsen var relativt okänd hos kommunerna "
    "föranledde att KSL arbetade fram en reviderad version av överenskommelsen.",
    "Den nya överenskommelsen har samma syfte som den tidigare. Målsättningen är en väl "
    "fungerade integration där självförsörjning är målet. I den nya överenskommelsen "
    "förtydligas organisation och uppföljningsansvar. Överenskommelsen förtydligar även "
    "vilka samverkansområden som kan vara aktuella. Exempel på aktuella samverkansområden "
    "är utbildnings- och arbetslivsinriktade insatser för vuxna samt insatser för barn och "
    "unga såsom bl a modersmålsundervisning, hälsofrågor och utbildningsinsatser för gode "
    "män. Antagandet av överenskommelsen innebär att kommunen åtar sig att aktivt samverka "
    "med andra kommuner för ett ökat gemensamt ansvarstagande kring integration av "
    "nyanlända.",
    "Ekerö kommuns ställningstagande skulle ursprungligen kommit KSL tillhanda senast den "
    "15 november 2013, men anstånd har beviljats till den 19 december 2013.",
]
SEED_BASIS = [
    "Tjänsteutlåtande kommunkansliet, 2013-11-05",
    "Tjänsteanteckning kommunkansliet, 2013-10-24",
    "Protokollsutdrag Socialnämnden 2013-09-25 § 130",
    "Tjänsteutlåtande socialkontoret, 2013-08-29",
    "Rekommendation – Överenskommelse om samverkan mellan kommuner i Stockholms län "
    "gällande nyanlända, 2013-06-05",
    "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända, "
    "justerat förslag 2013-05-06",
]
SEED_RECIPIENTS = ["Kommunförbundet Stockholms län (registrator@ksl.se)", "Socialkontoret"]
SEED_SIGNATORIES = [("Ann-Cathrine Bergström", "Kanslichef"),
                    ("Andreas Halvarsson", "Nämndsekreterare")]
DECISION = f"att anta {TITLE[0].lower()}{TITLE[1:]}"


def meeting_of(body, board, secretary, start, *, on_agenda, notice_on):
    """A meeting with the case's item (and a formal first item), the notice sent, every
    member present and the approvers named; held."""
    meeting = actions.do_plan_meeting(body, acting_user=secretary, start=start,
                                      place="Ekerö kommunhus, Sammanträdesrummet",
                                      minutes_kept_at="Kommunkansliet, Ekerö kommunhus")
    for heading, kwargs in on_agenda:
        actions.do_add_agenda_item(meeting, acting_user=secretary, heading=heading, **kwargs)
    actions.do_send_notice(meeting, acting_user=secretary, on=notice_on)
    attend(meeting, board, secretary)
    actions.do_name_approvers(meeting, acting_user=secretary, chair=board.chair,
                              approvers=board.approvers)
    return actions.do_mark_held(meeting, acting_user=secretary)


def test_the_reference_case_from_the_recommendation_to_the_extracts(
        org, ks, sn, klass, ksl, rita, olle, kf, ks_body, sn_body, boards):
    socialkontoret = Unit.objects.create(organisation=org, name="Socialkontoret",
                                         email="socialkontoret@ekero.se")
    kansliet = Unit.objects.create(organisation=org, name="Kommunkansliet")

    # 1. The recommendation opens KS13/250-133: the 250th KS case of 2013 (history).
    SerialCounter.objects.create(series=ks, year=2013, last_serial=249)
    case = diary.do_open_case(ks, acting_user=rita, title=TITLE, classification=klass,
                              unit=kansliet, officer=olle, opened_at=at(2013, 6, 5, 10))
    assert case.diary_number == "KS13/250-133"
    recommendation = register(case, rita, f"Rekommendation – {TITLE}", senders=[ksl],
                              document_date=D(2013, 6, 5))
    agreement = register(case, rita, f"{TITLE}, justerat förslag 2013-05-06", senders=[ksl],
                         doc_type=T.AGREEMENT, document_date=D(2013, 5, 6))

    # 2. KS refers it to SN; Socialkontoret's report; SN decides in § 130 (its earlier
    #    paragraphs of 2013 are history: the counter stands at 129).
    actions.do_refer_case(case, acting_user=rita, body=sn_body, role=Handling.Role.OPINION)
    sn_report = register(case, rita, f"Tjänsteutlåtande socialkontoret – {TITLE}",
                         direction="drawn_up", doc_type=T.OFFICERS_REPORT,
                         received_date=D(2013, 8, 29), document_date=D(2013, 8, 29))
    ParagraphCounter.objects.create(body=sn_body, year=2013, last_number=129)
    sn_meeting = meeting_of(sn_body, boards["SN"], olle, at(2013, 9, 25, 13),
                            on_agenda=[("", {"case": case})], notice_on=D(2013, 9, 18))
    (sn_paragraph,) = actions.do_draw_up_minutes(sn_meeting, acting_user=olle)
    assert sn_paragraph.number == 130
    actions.do_write_paragraph(sn_paragraph, acting_user=olle,
                               decision="att tillstyrka att kommunen antar överenskommelsen",
                               outcome=Paragraph.Outcome.AS_PROPOSED)
    approve(sn_meeting, boards["SN"], on=D(2013, 9, 30))
    actions.do_post_minutes(sn_meeting, acting_user=olle, on=D(2013, 10, 1))
    sn_paragraph.refresh_from_db()
    assert sn_paragraph.citation == "Socialnämnden 2013-09-25 § 130"
    sn_extract = actions.do_issue_extract(sn_paragraph, acting_user=olle,
                                          sent_on=D(2013, 10, 1))
    assert sn_extract.case == case
    assert sn_extract.description == "Protokollsutdrag Socialnämnden 2013-09-25 § 130"

    # 3. The extension, noted by Kommunkansliet.
    memo = register(case, olle, "Tjänsteanteckning kommunkansliet – anstånd från KSL till "
                    "2013-12-19", direction="drawn_up", doc_type=T.MEMO,
                    received_date=D(2013, 10, 24), document_date=D(2013, 10, 24))

    # 4. The officer's report of 2013-11-05: the seed.
    ks_report_document = register(case, olle, f"Tjänsteutlåtande kommunkansliet – {TITLE}",
                                  direction="drawn_up", doc_type=T.OFFICERS_REPORT,
                                  received_date=D(2013, 11, 5), document_date=D(2013, 11, 5))
    report = actions.do_write_report(
        ks_report_document, acting_user=olle, body=ks_body, title=TITLE,
        proposal=SEED_PROPOSAL, summary="\n\n".join(SEED_SUMMARY),
        basis=[
            {"document": ks_report_document, "label": "Tjänsteutlåtande kommunkansliet"},
            {"document": memo, "label": "Tjänsteanteckning kommunkansliet"},
            {"paragraph": sn_paragraph},
            {"document": sn_report, "label": "Tjänsteutlåtande socialkontoret"},
            {"document": recommendation},
            {"document": agreement, "show_date": False},
        ],
        recipients=[ksl, socialkontoret], signatories=SEED_SIGNATORIES)
    report.refresh_from_db()
    assert report.title == TITLE
    assert report.body.name == "Kommunstyrelsen"
    assert report.proposal == SEED_PROPOSAL
    assert report.summary.split("\n\n") == SEED_SUMMARY
    assert [entry.text for entry in report.basis.all()] == SEED_BASIS
    assert [entry.paragraph for entry in report.basis.all()][2] == sn_paragraph
    assert all(entry.document for i, entry in enumerate(report.basis.all()) if i != 2)
    assert [r.text for r in report.recipients.all()] == SEED_RECIPIENTS
    assert [(s.name, s.title) for s in report.signatories.all()] == SEED_SIGNATORIES

    # 5. KS proposes; KF, announced a week before, decides to adopt.
    actions.do_refer_case(case, acting_user=rita, body=ks_body,
                          role=Handling.Role.PREPARATION)
    ks_meeting = meeting_of(ks_body, boards["KS"], olle, at(2013, 11, 26, 13),
                            on_agenda=[("Val av justerare", {"kind": "formal"}),
                                       ("", {"case": case, "report": report})],
                            notice_on=D(2013, 11, 19))
    ks_formal, ks_paragraph = actions.do_draw_up_minutes(ks_meeting, acting_user=olle)
    actions.do_write_paragraph(ks_formal, acting_user=olle, outcome=Paragraph.Outcome.NOTED)
    actions.do_write_paragraph(ks_paragraph, acting_user=olle, decision=SEED_PROPOSAL,
                               outcome=Paragraph.Outcome.AS_PROPOSED)
    approve(ks_meeting, boards["KS"], on=D(2013, 11, 28))
    actions.do_post_minutes(ks_meeting, acting_user=olle, on=D(2013, 11, 29))

    actions.do_refer_case(case, acting_user=rita, body=kf, role=Handling.Role.DECISION)
    kf_meeting = meeting_of(kf, boards["KF"], olle, at(2013, 12, 16, 18),
                            on_agenda=[("", {"case": case, "report": report})],
                            notice_on=D(2013, 12, 5))
    announcement = kf_meeting.postings.get(kind=Posting.Kind.ANNOUNCEMENT)
    assert announcement.posted_on == D(2013, 12, 5) <= D(2013, 12, 9)
    (kf_paragraph,) = actions.do_draw_up_minutes(kf_meeting, acting_user=olle)
    assert kf_paragraph.heading == TITLE
    assert [r.text for r in kf_paragraph.recipients.all()] == SEED_RECIPIENTS
    actions.do_write_paragraph(kf_paragraph, acting_user=olle, decision=DECISION,
                               outcome=Paragraph.Outcome.AS_PROPOSED)

    # 6. Approved on the 18th, posted the same day; the appeal window; the extract.
    kf_meeting = approve(kf_meeting, boards["KF"], on=D(2013, 12, 18))
    assert kf_meeting.status == Meeting.Status.APPROVED
    posting = actions.do_post_minutes(kf_meeting, acting_user=olle, on=D(2013, 12, 18))
    assert (posting.approved_on, posting.posted_on, posting.appeal_last_day,
            posting.taken_down_on, posting.late) == (
        D(2013, 12, 18), D(2013, 12, 18), D(2014, 1, 8), D(2014, 1, 9), False)
    extract = actions.do_issue_extract(kf_paragraph, acting_user=olle,
                                       recipients=[ksl, socialkontoret],
                                       sent_on=D(2013, 12, 18))
    assert extract.received_date < D(2013, 12, 19)
    number = kf_paragraph.number
    assert extract.description == f"Protokollsutdrag Kommunfullmäktige 2013-12-16 § {number}"
    assert (extract.direction, extract.doc_type) == (Document.Direction.OUTGOING, T.EXTRACT)
    assert [(link.party, link.role) for link in extract.party_links.all()] == [
        (ksl, DocumentParty.Role.RECIPIENT)]
    assert [(link.unit, link.role) for link in extract.unit_links.all()] == [
        (socialkontoret, DocumentParty.Role.RECIPIENT)]

    # The handlings and their results, in turn.
    assert [(h.body.code, h.role, h.meeting.day, h.paragraph, h.result)
            for h in case.handlings.all()] == [
        ("SN", "opinion", D(2013, 9, 25), sn_paragraph, "as_proposed"),
        ("KS", "preparation", D(2013, 11, 26), ks_paragraph, "as_proposed"),
        ("KF", "decision", D(2013, 12, 16), kf_paragraph, "as_proposed"),
    ]
    # The case holds the whole decision basis and the two extracts, in story order.
    assert [(d.doc_type, d.direction) for d in case.documents.order_by("number")] == [
        (T.RECOMMENDATION, "incoming"), (T.AGREEMENT, "incoming"),
        (T.OFFICERS_REPORT, "drawn_up"), (T.EXTRACT, "drawn_up"), (T.MEMO, "drawn_up"),
        (T.OFFICERS_REPORT, "drawn_up"), (T.EXTRACT, "outgoing")]
    assert journal.verify()[1] is None
