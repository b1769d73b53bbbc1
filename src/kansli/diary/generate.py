"""Made-up diary contents: realistic Swedish cases and documents from word lists.

Two users: ``kansli loaddemo`` opens a few hundred such cases through ``actions.py`` (so
their journal is real), and ``kansli generate N`` bulk-loads N documents for the
benchmarks with multi-row inserts in batches and direct inserts into the search tables.

The vocabulary is made for the search benchmark: ``RARE_WORD`` is in about one document
in 100,000 (and at least a few), ``COMMON_WORD`` in about 40 % of the documents and
``SECOND_COMMON_WORD`` in about a third, so the benchmark has a rare word, common words
and two common words together. Everything comes from a seeded random generator, so a
run is repeatable.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from kansli.lib.diarynumber import DiaryNumber, normalise

from . import journal, search
from .models import Case, Classification, Document, DocumentParty, Party, SerialCounter, Series

RARE_WORD = "hembygdsgården"
COMMON_WORD = "kommun"
SECOND_COMMON_WORD = "beslut"
SECRECY_GROUND = "OSL 26 kap. 1 §"
COMMON_SHARE = 0.4

# Places -------------------------------------------------------------------------------

PLACES = ["Ekerö centrum", "Stenhamra", "Skå", "Färentuna", "Munsö", "Adelsö", "Lovö",
          "Helgö", "Drottningholm", "Ekebyhov", "Närlunda", "Tappström", "Älvnäs", "Sundby",
          "Kungsberga", "Svartsjö", "Träkvista", "Väsby", "Kaggeholm", "Jungfrusund"]
ESTATES = ["Ekerö-Näsby", "Stavsund", "Munsö-Ekeby", "Adelsö-Hov", "Helgö", "Lovö-Kärrtorp",
           "Skå-Edeby", "Färentuna-Kaggeholm", "Svartsjö-Tuna", "Ekerö-Tappström",
           "Älvnäs", "Kungsberga", "Stenhamra", "Sundby", "Väsby"]
SCHOOLS = ["Ekebyhovskolan", "Tappströmsskolan", "Uppgårdsskolan", "Stenhamraskolan",
           "Färentuna skola", "Munsö skola", "Sanduddens skola", "Träkvista skola",
           "Skå skola", "Närlundaskolan"]
ROADS = ["Ekerövägen", "Bryggavägen", "Stenhamravägen", "Skå-Edebyvägen", "Färjestadsvägen",
         "Tappströmsvägen", "Kaggeholmsvägen", "Munsövägen", "Adelsövägen"]

# Parties --------------------------------------------------------------------------------

FIRST_NAMES = ["Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Lena",
               "Per", "Kerstin", "Mikael", "Ingrid", "Fredrik", "Sara", "Jonas", "Elin",
               "Mats", "Sofia", "Henrik", "Emma", "Magnus", "Linnéa", "Oskar", "Ali", "Fatima",
               "Ahmed", "Amina", "Jan", "Birgitta", "Nils", "Astrid", "Gustav", "Maja"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
              "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson",
              "Lindberg", "Lindström", "Holm", "Bergström", "Sandberg", "Lundqvist", "Ek",
              "Hassan", "Mohammed", "Öberg", "Åkesson", "Wikström", "Söderberg", "Falk"]
# (name, e-mail)
AUTHORITIES = [
    ("Kommunförbundet Stockholms län", "registrator@ksl.se"),
    ("Länsstyrelsen i Stockholms län", "stockholm@lansstyrelsen.se"),
    ("Trafikverket", "trafikverket@trafikverket.se"),
    ("Region Stockholm", "registrator@regionstockholm.se"),
    ("Boverket", "registraturen@boverket.se"),
    ("Skolverket", "skolverket@skolverket.se"),
    ("Socialstyrelsen", "socialstyrelsen@socialstyrelsen.se"),
    ("Inspektionen för vård och omsorg", "registrator@ivo.se"),
    ("Migrationsverket", "migrationsverket@migrationsverket.se"),
    ("Arbetsförmedlingen", "registrator@arbetsformedlingen.se"),
    ("Polismyndigheten", "registrator.kansli@polisen.se"),
    ("Lantmäteriet", "lantmateriet@lm.se"),
    ("Sveriges Kommuner och Regioner", "info@skr.se"),
    ("Stockholms stad", "registrator@stockholm.se"),
    ("Värmdö kommun", "registrator@varmdo.se"),
    ("Upplands-Bro kommun", "registrator@upplands-bro.se"),
    ("Södertörns brandförsvarsförbund", "registrator@sbff.se"),
    ("Norrvatten", "registrator@norrvatten.se"),
    ("Ekerö Bostäder AB", "info@ekerobostader.se"),
]
COMPANIES = ["Mälaröarnas Bygg AB", "Skå Entreprenad AB", "Stenhamra Fastigheter AB",
             "Adelsö Transport AB", "Ekerö Taxi AB", "Mälardalens Arkitekter AB",
             "Sundby Mark och Anläggning AB", "Lovö Konsult AB"]

# Cases ----------------------------------------------------------------------------------

BUILDINGS = ["nybyggnad av enbostadshus", "tillbyggnad av fritidshus", "nybyggnad av garage",
             "uppförande av attefallshus", "rivning av ekonomibyggnad", "nybyggnad av brygga",
             "ändrad användning av lokal", "uppförande av plank", "nybyggnad av förråd",
             "installation av solceller"]
PROPOSALS = ["fler parkbänkar", "belysning längs gång- och cykelvägen", "en hundrastgård",
             "utökad kollektivtrafik", "solceller på kommunens fastigheter",
             "fler laddplatser för elbilar", "gratis simundervisning", "en ny badplats",
             "bättre snöröjning", "en simhall", "fler förskoleplatser", "säkrare skolvägar",
             "ett utegym", "trafikhinder mot höga hastigheter", "en skatepark"]
PARTIES = ["Moderaterna", "Socialdemokraterna", "Centerpartiet", "Liberalerna",
           "Kristdemokraterna", "Miljöpartiet", "Vänsterpartiet", "Sverigedemokraterna",
           "Ekerö Framåt"]
REFERRALS = ["förslag till regional utvecklingsplan", "förslag till trafikförsörjningsprogram",
             "förslag till vattenförvaltningsplan", "ändringar i plan- och bygglagen",
             "förslag till regional cykelplan", "förslag till ny avfallsföreskrift",
             "betänkandet om en ny socialtjänstlag", "förslag till regional klimatstrategi",
             "förslag till länsplan för transportinfrastruktur"]
PROCUREMENTS = ["skolskjutsar", "kontorsmaterial", "städtjänster", "snöröjning",
                "skolmåltider", "IT-drift", "hemtjänstens bilar", "tolktjänster",
                "konsulttjänster inom ekonomi", "avfallshämtning"]
AGREEMENTS = ["gemensam räddningstjänst", "samordnad upphandling av färdtjänst",
              "mottagande av nyanlända", "gemensam överförmyndarnämnd",
              "samverkan om krisberedskap", "gemensam e-arkivlösning",
              "samverkan kring vuxenutbildning"]
CARE_SERVICES = ["familjehemsvård", "stödboende för unga", "missbruksvård",
                 "skyddat boende", "daglig verksamhet", "hemtjänst"]


@dataclass
class DocSpec:
    direction: str
    doc_type: str
    description: str
    party: tuple[str, str, str] | None = None  # (kind, name, e-mail)
    secret: bool = False


@dataclass
class CaseSpec:
    series: str  # series code
    title: str
    classification: str  # code
    unit: str  # unit name
    public_title: str = ""
    secrecy_ground: str = ""
    documents: list[DocSpec] = field(default_factory=list)


IN, UP, OUT = (Document.Direction.INCOMING, Document.Direction.DRAWN_UP,
               Document.Direction.OUTGOING)
T = Document.Type
KANSLIET, SOCIALKONTORET = "Kommunkansliet", "Socialkontoret"


def report(subject: str) -> DocSpec:
    """An officer's report: it holds the proposed decision (förslag till beslut)."""
    return DocSpec(UP, T.OFFICERS_REPORT, f"Tjänsteutlåtande med förslag till beslut om {subject}")


class Vocabulary:
    """Builds case specifications; one instance per run, with its own random source."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        # The year the next case is opened, for titles that name a year.
        self.year = 2026
        self.persons = [f"{f} {last}" for f in FIRST_NAMES for last in LAST_NAMES]
        self.topics = [
            (14, self.bygglov), (6, self.detaljplan), (9, self.remiss), (8, self.proposal),
            (6, self.motion), (6, self.procurement), (5, self.agreement), (8, self.skolskjuts),
            (4, self.traffic), (3, self.newcomers), (3, self.budget), (8, self.assistance),
            (6, self.child_inquiry), (6, self.care_agreement), (4, self.supervision),
        ]
        self.weights = [w for w, _ in self.topics]

    # helpers
    def pick(self, items):
        return self.rng.choice(items)

    def person(self):
        return ("person", self.pick(self.persons), "")

    def authority(self, name=None):
        if name is None:
            name, email = self.pick(AUTHORITIES)
        else:
            email = dict(AUTHORITIES)[name]
        return ("organisation", name, email)

    def company(self):
        return ("organisation", self.pick(COMPANIES), "")

    def estate(self):
        return f"{self.pick(ESTATES)} {self.rng.randint(1, 12)}:{self.rng.randint(1, 400)}"

    def case(self) -> CaseSpec:
        (_w, make), = self.rng.choices(self.topics, weights=self.weights)
        return make()

    # topics (each returns the case with its documents in the order they would come)
    def bygglov(self):
        what, where, owner = self.pick(BUILDINGS), self.estate(), self.person()
        neighbour = self.person()
        return CaseSpec("KS", f"Bygglov för {what} på fastigheten {where}", "320", KANSLIET,
                        documents=[
            DocSpec(IN, T.APPLICATION, f"Ansökan om bygglov för {what}", owner),
            DocSpec(IN, T.LETTER, "Komplettering av ansökan, ritningar och situationsplan",
                    owner),
            DocSpec(OUT, T.LETTER, "Underrättelse till berörda grannar", neighbour),
            DocSpec(IN, T.LETTER, "Synpunkter från granne", neighbour),
            report(f"bygglov för {what}"),
            DocSpec(OUT, T.DECISION, f"Beslut om bygglov för {what}", owner),
        ])

    def detaljplan(self):
        place = self.pick(PLACES)
        return CaseSpec("KS", f"Detaljplan för del av {place}", "311", KANSLIET, documents=[
            DocSpec(IN, T.APPLICATION, f"Begäran om planbesked för {place}", self.company()),
            report(f"planuppdrag för {place}"),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Kommunstyrelsens planeringsutskott"),
            DocSpec(OUT, T.REFERRAL, "Samrådshandlingar till Länsstyrelsen",
                    self.authority("Länsstyrelsen i Stockholms län")),
            DocSpec(IN, T.REFERRAL_ANSWER, "Samrådsyttrande från Trafikverket",
                    self.authority("Trafikverket")),
            DocSpec(UP, T.MEMO, "Samrådsredogörelse"),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Kommunfullmäktige, beslut om antagande"),
        ])

    def remiss(self):
        topic = self.pick(REFERRALS)
        sender = self.authority()
        return CaseSpec("KS", f"Remiss – {topic}", "134", KANSLIET, documents=[
            DocSpec(IN, T.REFERRAL, f"Remiss av {topic}", sender),
            DocSpec(UP, T.MEMO, "Tjänsteanteckning om fördelning av remissen"),
            DocSpec(UP, T.OFFICERS_REPORT, f"Tjänsteutlåtande om yttrande över {topic}"),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Kommunstyrelsen, beslut om yttrande"),
            DocSpec(OUT, T.REFERRAL_ANSWER, f"Yttrande över {topic}", sender),
        ])

    def proposal(self):
        what, place, who = self.pick(PROPOSALS), self.pick(PLACES), self.person()
        return CaseSpec("KS", f"Medborgarförslag om {what} i {place}", "105", KANSLIET,
                        documents=[
            DocSpec(IN, T.LETTER, f"Medborgarförslag om {what} i {place}", who),
            DocSpec(OUT, T.LETTER, "Bekräftelse av mottaget medborgarförslag", who),
            report(what),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Kommunstyrelsen, beslut om förslaget"),
            DocSpec(OUT, T.DECISION, "Svar på medborgarförslaget", who),
        ])

    def motion(self):
        what, party = self.pick(PROPOSALS), self.pick(PARTIES)
        return CaseSpec("KS", f"Motion om {what} ({party})", "104", KANSLIET, documents=[
            DocSpec(IN, T.LETTER, f"Motion från {party} om {what}"),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Kommunfullmäktige, motionen remitteras"),
            DocSpec(UP, T.OFFICERS_REPORT, f"Tjänsteutlåtande, svar på motion om {what}"),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Kommunfullmäktige, beslut om motionen"),
        ])

    def procurement(self):
        what = self.pick(PROCUREMENTS)
        return CaseSpec("KS", f"Upphandling av {what}", "202", KANSLIET, documents=[
            DocSpec(UP, T.MEMO, f"Upphandlingsdokument för {what}"),
            DocSpec(IN, T.LETTER, "Anbud", self.company()),
            DocSpec(IN, T.LETTER, "Anbud", self.company()),
            DocSpec(UP, T.MEMO, "Anbudsöppningsprotokoll"),
            DocSpec(UP, T.DECISION, f"Tilldelningsbeslut, {what}"),
            DocSpec(OUT, T.AGREEMENT, f"Avtal om {what}", self.company()),
        ])

    def agreement(self):
        what = self.pick(AGREEMENTS)
        ksl = self.authority("Kommunförbundet Stockholms län")
        return CaseSpec("KS", f"Överenskommelse om {what}", "133", KANSLIET, documents=[
            DocSpec(IN, T.RECOMMENDATION, f"Rekommendation om {what}", ksl),
            DocSpec(IN, T.AGREEMENT, f"Förslag till överenskommelse om {what}", ksl),
            DocSpec(UP, T.OFFICERS_REPORT, f"Tjänsteutlåtande om {what}"),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Kommunfullmäktige, beslut om antagande"),
            DocSpec(OUT, T.EXTRACT, "Expediering av beslut om antagande", ksl),
        ])

    def skolskjuts(self):
        school, guardian = self.pick(SCHOOLS), self.person()
        return CaseSpec("KS", f"Ansökan om skolskjuts till {school}", "610", KANSLIET,
                        documents=[
            DocSpec(IN, T.APPLICATION, f"Ansökan om skolskjuts till {school}", guardian),
            DocSpec(UP, T.MEMO, "Bedömning av skolväg och avstånd inför beslut"),
            DocSpec(OUT, T.DECISION, "Beslut om skolskjuts", guardian),
            DocSpec(IN, T.LETTER, "Överklagande av beslut om skolskjuts", guardian),
        ])

    def traffic(self):
        road = self.pick(ROADS)
        return CaseSpec("KS", f"Lokala trafikföreskrifter för {road}", "330", KANSLIET,
                        documents=[
            DocSpec(IN, T.LETTER, f"Skrivelse om hastigheten på {road}", self.person()),
            DocSpec(OUT, T.REFERRAL, "Samråd med Polismyndigheten",
                    self.authority("Polismyndigheten")),
            DocSpec(IN, T.REFERRAL_ANSWER, "Yttrande från Polismyndigheten",
                    self.authority("Polismyndigheten")),
            DocSpec(UP, T.DECISION, f"Beslut om lokala trafikföreskrifter för {road}"),
        ])

    def newcomers(self):
        year = self.year
        return CaseSpec("KS", f"Mottagande av nyanlända {year}", "730", KANSLIET, documents=[
            DocSpec(IN, T.LETTER, f"Länstal för mottagande av nyanlända {year}",
                    self.authority("Länsstyrelsen i Stockholms län")),
            report("bostäder för nyanlända"),
            DocSpec(IN, T.LETTER, "Anvisning av nyanländ",
                    self.authority("Migrationsverket")),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Kommunstyrelsen, beslut om mottagandet"),
        ])

    def budget(self):
        year = self.year + 1
        return CaseSpec("KS", f"Mål och budget {year}", "101", KANSLIET, documents=[
            DocSpec(UP, T.MEMO, f"Budgetanvisningar för {year}"),
            DocSpec(IN, T.LETTER, "Nämndernas budgetunderlag"),
            DocSpec(UP, T.OFFICERS_REPORT, f"Tjänsteutlåtande, förslag till mål och budget {year}"),
            DocSpec(UP, T.EXTRACT, f"Protokollsutdrag Kommunfullmäktige, beslut om budget {year}"),
        ])

    def assistance(self):
        who = self.person()
        return CaseSpec("SN", f"Ansökan om ekonomiskt bistånd – {who[1]}", "720", SOCIALKONTORET,
                        public_title="Ansökan om ekonomiskt bistånd",
                        secrecy_ground=SECRECY_GROUND, documents=[
            DocSpec(IN, T.APPLICATION, "Ansökan om ekonomiskt bistånd", who, secret=True),
            DocSpec(IN, T.LETTER, "Kompletterande underlag", who, secret=True),
            DocSpec(UP, T.MEMO, "Journalanteckning", secret=True),
            DocSpec(OUT, T.DECISION, "Beslut om ekonomiskt bistånd", who, secret=True),
        ])

    def child_inquiry(self):
        who = self.person()
        return CaseSpec("SN", f"Utredning enligt 11 kap. 1 § SoL – {who[1]}", "710",
                        SOCIALKONTORET, public_title="Utredning om barn och unga",
                        secrecy_ground=SECRECY_GROUND, documents=[
            DocSpec(IN, T.LETTER, "Orosanmälan", self.authority("Polismyndigheten"),
                    secret=True),
            DocSpec(UP, T.MEMO, "Förhandsbedömning", secret=True),
            DocSpec(UP, T.MEMO, "Beslut om att inleda utredning", secret=True),
            DocSpec(UP, T.OFFICERS_REPORT, "Utredning", secret=True),
            DocSpec(OUT, T.DECISION, "Beslut om insats", who, secret=True),
        ])

    def care_agreement(self):
        what = self.pick(CARE_SERVICES)
        return CaseSpec("SN", f"Avtal om {what}", "700", SOCIALKONTORET, documents=[
            DocSpec(UP, T.MEMO, f"Behovsanalys för {what}"),
            DocSpec(IN, T.LETTER, f"Offert på {what}", self.company()),
            report(f"avtal för {what}"),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Socialnämnden, beslut om avtal"),
            DocSpec(OUT, T.AGREEMENT, f"Avtal om {what}", self.company()),
        ])

    def supervision(self):
        what = self.pick(CARE_SERVICES)
        ivo = self.authority("Inspektionen för vård och omsorg")
        return CaseSpec("SN", f"Tillsyn av {what}", "700", SOCIALKONTORET, documents=[
            DocSpec(IN, T.LETTER, f"Begäran om yttrande, tillsyn av {what}", ivo),
            DocSpec(UP, T.OFFICERS_REPORT, "Tjänsteutlåtande, yttrande till IVO"),
            DocSpec(UP, T.EXTRACT, "Protokollsutdrag Socialnämnden, beslut om yttrande"),
            DocSpec(OUT, T.LETTER, "Yttrande till IVO", ivo),
            DocSpec(IN, T.DECISION, "Beslut från IVO", ivo),
        ])

    # documents
    def extra_document(self, spec: CaseSpec) -> DocSpec:
        """A document beyond the case's usual flow: a reminder, an e-mail, a question."""
        secret = bool(spec.secrecy_ground)
        choice = self.rng.randrange(4)
        if choice == 0:
            return DocSpec(IN, T.EMAIL, "Fråga om när beslut kan väntas", self.person(),
                           secret=secret)
        if choice == 1:
            return DocSpec(OUT, T.EMAIL, "Svar på fråga om beslut i ärendet", self.person(),
                           secret=secret)
        if choice == 2:
            return DocSpec(UP, T.MEMO, "Tjänsteanteckning", secret=secret)
        return DocSpec(IN, T.LETTER, "Påminnelse", self.authority(), secret=secret)

    def documents(self, spec: CaseSpec, count: int) -> list[DocSpec]:
        """``count`` documents for the case: its flow from the start, then extras. About
        ``COMMON_SHARE`` of them name the municipality; none else says "kommun"."""
        docs = list(spec.documents[:count])
        while len(docs) < count:
            docs.append(self.extra_document(spec))
        for doc in docs:
            if not doc.secret and self.rng.random() < COMMON_SHARE:
                doc.description += ", Ekerö kommun"
        return docs


def rare_document(spec: CaseSpec) -> DocSpec:
    return DocSpec(IN, T.LETTER, f"Skrivelse om renovering av {RARE_WORD} i Skå")


# Bulk generation -------------------------------------------------------------------------

GENERATE_START = datetime.datetime(2015, 1, 1, 8)


def _stemmer():
    """``search.stems`` per word, cached: the texts are made of a small vocabulary, and
    stemming every word of a million documents anew would take minutes."""
    cache: dict[str, str] = {}

    def stem_text(text: str) -> str:
        out = []
        for word in search.words(text):
            stem = cache.get(word)
            if stem is None:
                stem = cache[word] = search.stems(word)
            out.append(stem)
        return " ".join(out)

    return stem_text


def _document_counts(rng: random.Random, total: int, per_case: float) -> list[int]:
    """Documents per case, 1 to 2×per_case−1 (mean per_case), summing to ``total``."""
    counts, left = [], total
    top = max(1, int(2 * per_case) - 1)
    while left > 0:
        n = min(left, rng.randint(1, top))
        counts.append(n)
        left -= n
    return counts


def _ensure_parties(specs: list[tuple[str, str, str]]) -> dict[tuple[str, str], Party]:
    """The generator's parties, created in bulk once and reused by name."""
    existing = {(p.kind, p.name): p for p in Party.objects.filter(
        name__in={name for _kind, name, _email in specs})}
    new = []
    for kind, name, email in specs:
        if (kind, name) not in existing:
            party = Party(kind=kind, name=name, email=email)
            existing[(kind, name)] = party
            new.append(party)
    Party.objects.bulk_create(new, batch_size=500)
    if new:
        ids = [p.pk for p in new]
        journal.record("generate", new[0], acting_user=None, parties=len(new),
                       party_ids=[min(ids), max(ids)])
    return existing


def generate(
    documents: int,
    *,
    per_case: float = 5,
    batch_size: int = 25_000,
    seed: int = 20131105,
    progress: Callable[[int], None] | None = None,
    now: datetime.datetime | None = None,
) -> dict:
    """Bulk-load ``documents`` made-up documents in cases of about ``per_case``.

    Each batch is one transaction: cases, documents and party links as multi-row inserts
    (see ``Table``), the search index rows, the serial counters moved past the numbers
    used, and one journal event ("generate") with the counts and id ranges, so
    ``kansli verify`` still holds. Benchmark data: the cases get no events of their own.
    Parties are few and made with ``bulk_create``."""
    from . import demo

    if documents < 1:
        raise ValueError("generate at least one document")
    rng = random.Random(seed)
    vocabulary = Vocabulary(rng)
    setup = demo.ensure_organisation()
    org = setup.organisation
    fmt = org.number_format
    series = {s.code: s for s in Series.objects.filter(organisation=org)}
    classes = {c.code: c for c in Classification.objects.all()}
    units = setup.units
    now = now or timezone.now()
    start = timezone.make_aware(GENERATE_START)
    span = (now - start).total_seconds() - 120 * 86400
    counts = _document_counts(rng, documents, per_case)
    # A rare word in about one document in 100,000, in at least three.
    rare_every = max(1, documents // max(3, documents // 100_000))
    rare_at = set(range(rare_every // 2, documents, rare_every))
    opened = sorted(start + datetime.timedelta(seconds=rng.random() * span)
                    for _ in counts)
    # As search.document_text: type labels in the interface's language.
    with translation.override(settings.LANGUAGE_CODE):
        labels = {value: str(label) for value, label in Document.Type.choices}
    zone = timezone.get_current_timezone()  # localtime() per row costs seconds
    stem_text = _stemmer()
    postgres = search.is_postgres()
    parties: dict[tuple[str, str], Party] = {}
    doc_index = 0
    totals = {"cases": 0, "documents": 0, "events": 0}

    def boost_sqlite():
        if not postgres:
            with connection.cursor() as cursor:
                # A bigger page cache for the index builds; per connection only.
                cursor.execute("PRAGMA cache_size = -262144")

    boost_sqlite()
    dt = connection.ops.adapt_datetimefield_value
    case_table = Table(Case, [
        "id", "series_id", "year", "serial", "diary_number", "number_key", "title",
        "public_title", "classification_id", "unit_id", "officer_id", "status", "opened_at",
        "closed_at", "last_document_number", "secrecy_ground", "secrecy_marked_at"])
    document_table = Table(Document, [
        "id", "case_id", "number", "direction", "doc_type", "description", "document_date",
        "received_date", "registered_at", "secrecy_ground", "secrecy_marked_at"])
    link_table = Table(DocumentParty, ["document_id", "party_id", "role"])
    position = 0
    while position < len(counts):
        # One batch: whole cases until about batch_size documents.
        batch_cases: list[tuple[CaseSpec, datetime.datetime, list[DocSpec]]] = []
        in_batch = 0
        while position < len(counts) and (in_batch < batch_size or not batch_cases):
            vocabulary.year = opened[position].astimezone(zone).year
            spec = vocabulary.case()
            docs = vocabulary.documents(spec, counts[position])
            for i in range(len(docs)):
                if doc_index + i in rare_at:
                    docs[i] = rare_document(spec)
            doc_index += len(docs)
            batch_cases.append((spec, opened[position], docs))
            in_batch += len(docs)
            position += 1
        wanted = {d.party for _s, _o, docs in batch_cases for d in docs if d.party}
        missing = [p for p in wanted if (p[0], p[1]) not in parties]
        if missing:
            with transaction.atomic():
                parties.update(_ensure_parties(missing))
        with transaction.atomic():
            counters = {(c.series_id, c.year): c.last_serial for c in
                        SerialCounter.objects.select_for_update().filter(
                            series__organisation=org)}
            last = dict(counters)
            case_ids = case_table.next_ids(len(batch_cases))
            document_ids = document_table.next_ids(in_batch)
            case_rows, case_texts, document_rows, document_texts, link_rows = [], [], [], [], []
            ids = iter(document_ids)
            for case_id, (spec, at, docs) in zip(case_ids, batch_cases, strict=True):
                s = series[spec.series]
                year = at.astimezone(zone).year
                serial = last[(s.pk, year)] = last.get((s.pk, year), 0) + 1
                number = fmt.format(DiaryNumber(s.code, year, serial, spec.classification))
                age = (now - at).days
                closed = age > 365 or (age > 120 and rng.random() < 0.6)
                status = (Case.Status.CLOSED if closed else
                          rng.choice([Case.Status.OPEN, Case.Status.IN_PROGRESS,
                                      Case.Status.DECIDED]))
                officer = setup.officer_for(spec.unit)
                case_rows.append((
                    case_id, s.pk, year, serial, number, normalise(number), spec.title,
                    spec.public_title, classes[spec.classification].pk, units[spec.unit].pk,
                    officer.pk if officer else None, status, dt(at),
                    dt(at + datetime.timedelta(days=rng.randint(30, 110))) if closed else None,
                    len(docs), spec.secrecy_ground, dt(at) if spec.secrecy_ground else None,
                ))
                case_texts.append((case_id, spec.public_title if spec.secrecy_ground
                                   else spec.title))
                when = at
                for number, doc in enumerate(docs, start=1):
                    if number > 1:
                        when = min(when + datetime.timedelta(days=rng.randint(0, 20),
                                                             minutes=rng.randint(5, 600)), now)
                    day = when.astimezone(zone).date()
                    document_id = next(ids)
                    document_rows.append((
                        document_id, case_id, number, doc.direction, doc.doc_type,
                        doc.description, day - datetime.timedelta(days=rng.randint(0, 3)),
                        day, dt(when), SECRECY_GROUND if doc.secret else "",
                        dt(when) if doc.secret else None,
                    ))
                    # As search.document_text: a secret document by its type only.
                    text = labels[doc.doc_type]
                    if not doc.secret:
                        text += " " + doc.description
                        if doc.party:
                            text += " " + doc.party[1]
                    document_texts.append((document_id, text))
                    if doc.party:
                        role = (DocumentParty.Role.RECIPIENT if doc.direction == OUT
                                else DocumentParty.Role.SENDER)
                        link_rows.append((document_id, parties[doc.party[:2]].pk, role))
            case_table.insert(case_rows)
            document_table.insert(document_rows)
            link_table.insert(link_rows)
            _index(case_texts, document_texts, stem_text, postgres)
            for (series_id, year), serial in last.items():
                if counters.get((series_id, year)) != serial:
                    SerialCounter.objects.update_or_create(
                        series_id=series_id, year=year, defaults={"last_serial": serial})
            journal.record(
                "generate", Case(pk=case_ids[0]), acting_user=None,
                cases=len(case_rows), documents=len(document_rows),
                case_ids=[case_ids[0], case_ids[-1]],
                document_ids=[document_ids[0], document_ids[-1]],
            )
        totals["cases"] += len(case_rows)
        totals["documents"] += len(document_rows)
        totals["events"] += 1
        if progress:
            progress(len(document_rows))
    return totals


def _index(case_rows, document_rows, stem_text, postgres) -> None:
    """The search rows of a batch: (id, text) as search.case_text/document_text make it."""
    with connection.cursor() as cursor:
        if postgres:
            for table, values in (("diary_case_fts", case_rows),
                                  ("diary_document_fts", document_rows)):
                cursor.execute(
                    f"INSERT INTO {table} (id, tsv) SELECT i, to_tsvector('swedish', t) "
                    "FROM unnest(%s::bigint[], %s::text[]) AS x(i, t)",
                    [[pk for pk, _t in values], [t for _pk, t in values]])
        else:
            cursor.executemany("INSERT INTO diary_case_fts (rowid, stems) VALUES (%s, %s)",
                               [(pk, stem_text(t)) for pk, t in case_rows])
            cursor.executemany("INSERT INTO diary_document_fts (rowid, stems) VALUES (%s, %s)",
                               [(pk, stem_text(t)) for pk, t in document_rows])


class Table:
    """Plain multi-row INSERTs into one model's table, with ids given by the generator.

    ``bulk_create`` builds a model instance per row and prepares every value through its
    field; for a million documents that was two thirds of the run (about 5 minutes on a
    busy 2-core machine instead of under 2). The rows here are tuples of values the
    database adapter takes as they are (datetimes through the backend's own adapter).
    Fields a row does not give get their default, as ``bulk_create`` would give them,
    so a field added to the model later does not break the generator."""

    def __init__(self, model, columns: list[str]):
        meta = model._meta
        self.model, self.table = model, meta.db_table
        fields = {f.attname: f for f in meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{meta.label} has no fields {sorted(unknown)}")
        # A primary key not given is the database's to number.
        rest = [f for name, f in fields.items() if name not in columns and not f.primary_key]
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        names = [fields[c].column for c in columns] + [f.column for f in rest]
        quote = connection.ops.quote_name
        self.sql = (f"INSERT INTO {quote(self.table)} ({', '.join(map(quote, names))}) "
                    f"VALUES ({', '.join(['%s'] * len(names))})")

    def next_ids(self, count: int) -> list[int]:
        """Ids for ``count`` new rows; call inside the batch's transaction. On SQLite the
        transaction holds the write lock, so the ids after the highest are free; on
        PostgreSQL they come from the table's own sequence, so a registration running
        at the same time never gets one of them."""
        with connection.cursor() as cursor:
            if search.is_postgres():
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                               "FROM generate_series(1, %s)", [self.table, count])
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")
            first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))

    def insert(self, rows: list[tuple]) -> None:
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, [row + self.defaults for row in rows])


def finish() -> None:
    """After a bulk load: merge the search index and refresh the planner's statistics."""
    with connection.cursor() as cursor:
        if search.is_postgres():
            cursor.execute("ANALYZE")
        else:
            for table in ("diary_case_fts", "diary_document_fts"):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            cursor.execute("ANALYZE")
