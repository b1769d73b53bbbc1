"""The 26 municipalities of Stockholm county: the members of KSL (Kommunförbundet
Stockholms län), the federation of the reference case. Data, for the demo and the tests
of a federation's referrals and agreements; the addresses are the municipalities' usual
registry mailboxes in form, not checked against the real ones."""

KSL = {
    "name": "Kommunförbundet Stockholms län (KSL)",
    "organisation_number": "222000-0158",
    "email": "registrator@ksl.se",
    "address": "Box 38145\n100 64 Stockholm",
}

# (name, registry e-mail), in alphabetical order as Swedish sorts it (Ö last).
MEMBERS = [
    ("Botkyrka kommun", "kommunstyrelsen@botkyrka.se"),
    ("Danderyds kommun", "kommunstyrelsen@danderyd.se"),
    ("Ekerö kommun", "kommun@ekero.se"),
    ("Haninge kommun", "kommunstyrelsen@haninge.se"),
    ("Huddinge kommun", "kommunstyrelsen@huddinge.se"),
    ("Järfälla kommun", "kommunstyrelsen@jarfalla.se"),
    ("Lidingö stad", "stadsledningskontoret@lidingo.se"),
    ("Nacka kommun", "registrator@nacka.se"),
    ("Norrtälje kommun", "kommunstyrelsen@norrtalje.se"),
    ("Nykvarns kommun", "kommunstyrelsen@nykvarn.se"),
    ("Nynäshamns kommun", "kommunstyrelsen@nynashamn.se"),
    ("Salems kommun", "kommunstyrelsen@salem.se"),
    ("Sigtuna kommun", "kommunstyrelsen@sigtuna.se"),
    ("Sollentuna kommun", "kommunstyrelsen@sollentuna.se"),
    ("Solna stad", "kommunstyrelsen@solna.se"),
    ("Stockholms stad", "registrator.stadsledningskontoret@stockholm.se"),
    ("Sundbybergs stad", "kommunstyrelsen@sundbyberg.se"),
    ("Södertälje kommun", "kommunstyrelsen@sodertalje.se"),
    ("Tyresö kommun", "kommunstyrelsen@tyreso.se"),
    ("Täby kommun", "kommunstyrelsen@taby.se"),
    ("Upplands Väsby kommun", "kommunstyrelsen@upplandsvasby.se"),
    ("Upplands-Bro kommun", "kommunstyrelsen@upplands-bro.se"),
    ("Vallentuna kommun", "kommunstyrelsen@vallentuna.se"),
    ("Vaxholms stad", "kommunstyrelsen@vaxholm.se"),
    ("Värmdö kommun", "kommunstyrelsen@varmdo.se"),
    ("Österåkers kommun", "kommunstyrelsen@osteraker.se"),
]
