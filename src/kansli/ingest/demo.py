"""The import in the demo: one officer's report from the old system, read but held for
review because it is addressed to a body Ekerö's installation does not have (the
registrar picks Kommunstyrelsen and registers it at /import/)."""

from __future__ import annotations

from . import actions
from .recognise import parse
from .text import read

FILENAME = "KS14-88-105 tjänsteskrivelse.txt"

# As the old system's PDF export reads: two pages (a form feed between them) whose
# letterhead and footer repeat, a word broken at a line end, a basis line wrapping.
TEXT = """Ekerö kommun
Kommunstyrelsens arbetsutskott
TJÄNSTESKRIVELSE
2014-03-03
Dnr KS14/88-105
Handläggare: Lena Ek, lena.ek@ekero.se

Medborgarförslag om en ny lekplats i Stenhamra

Förslag till beslut
Kommunstyrelsen föreslår kommunfullmäktige besluta att medborgarförslaget
ska anses besvarat.

Sammanfattning av ärendet
Ett medborgarförslag har kommit in om att kommunen ska bygga en ny lekplats
vid Stenhamra centrum. Tekniska enheten har i sin budget för 2014 avsatt me-
del för att rusta upp den befintliga lekplatsen vid Stenhamra skola.
Ekerö kommun | Box 205, 178 23 Ekerö | www.ekero.se
\fEkerö kommun
Kommunstyrelsens arbetsutskott
TJÄNSTESKRIVELSE
Förslaget bedöms därmed vara tillgodosett.

Beslutsunderlag
Tjänsteskrivelse kommunkansliet, 2014-03-03
Medborgarförslag om en ny lekplats i Stenhamra, inkommet
2014-01-15

Beslutet expedieras till
Förslagsställaren
Tekniska enheten

Lena Ek
Kommunsekreterare
Ekerö kommun | Box 205, 178 23 Ekerö | www.ekero.se
"""


def load(setup, users) -> None:
    content = TEXT.encode("utf-8")
    cleaned = read(content, FILENAME).text
    data = parse(cleaned)
    try:
        actions.plan(data)
    except actions.NotRegistrable as reason:
        problems = list(data.get("problems", [])) + [reason.messages[0]]
    else:  # pragma: no cover - the demo's organisation has no such body
        problems = list(data.get("problems", []))
    actions.do_hold_for_review(content, FILENAME, data, problems,
                               acting_user=users["registrator"], text=cleaned)
