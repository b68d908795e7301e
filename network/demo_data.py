"""The demo data `network.demo.seed` loads: COK's inter-municipal network of Kolding,
Ikast-Brande, Varde and Aalborg, Holbæk's corps of fælles-skabere, Skanderborg's
playmakers, Guldborgsund's § 17, stk. 4 task committee and the national movement for
co-creation founded on 3 February 2017.

Drawn from the source texts in ../shared/seeds/ and retold in our own words. Every person
is fictional, with an address on example.dk."""

from datetime import UTC, date, datetime

from .models import ExperimentStatus, NetworkKind, Perspective

COK = "COK – Center for Offentlig Kompetenceudvikling"
HOLBAEK = "Holbæk Kommune"
SKANDERBORG = "Skanderborg Kommune"
GULDBORGSUND = "Guldborgsund Kommune"
COORDINATOR_EMAIL = "koordinator@cok.dk"  # created by samskabelse/demo.py
CONSENT_AT = datetime(2017, 2, 3, 12, 0, tzinfo=UTC)

FAELLES_SKABER = ("faelles-skaber", "Fælles-skaber")
PLAYMAKER = ("playmaker", "Playmaker")
EXPERTISE = [("borgerinddragelse", "Borgerinddragelse"), ("lokalsamfund", "Lokalsamfund")]

# --- COK's inter-municipal network --------------------------------------------------------

COK_NETWORK = {
    "slug": "cok-samskabelsesnetvaerk",
    "name": "Fælles inspiration til samskabelse",
    "kind": NetworkKind.TVAERKOMMUNALT,
    "purpose": (
        "Fire jyske kommuner mødes for at blive klogere på samskabelse og nye måder at "
        "samarbejde på. De undersøger deres egen og hinandens praksis, tager de paradokser "
        "op, de selv støder på, og prøver mini-eksperimenter af derhjemme. COK faciliterer "
        "og inviterer inspiratorer udefra."
    ),
    "how_to_join": (
        "Netværket er lukket for nye kommuner i denne runde. Skriv til koordinatoren, hvis din "
        "kommune vil være med i et lignende netværk."
    ),
    "founded_on": date(2019, 9, 1),
}

COK_CONSULTANT = {
    "slug": "demo-birthe-skovgaard",
    "name": "Birthe Skovgaard",
    "title": "Chefkonsulent",
    "email": "birthe.skovgaard@example.dk",
    "bio": "Faciliterer det tværkommunale netværk og holder tråden mellem møderne.",
}

# kommunekode, contact person: slug, name, job title
COK_MEMBERS = [
    ("621", "demo-henning-lauridsen", "Henning Lauridsen", "Affaldschef"),
    ("756", "demo-marianne-ostergaard", "Marianne Østergaard", "Udviklingskonsulent"),
    ("573", "demo-jonas-thygesen", "Jonas Thygesen", "Frivillighedskonsulent"),
    ("851", "demo-signe-bach", "Signe Bach", "Projektleder, borgerinddragelse"),
]

BALL_MEETING = "Vi spiller bold med en politiker: politiske paradokser"

# title, start (UTC), place, public, agenda, minutes
COK_MEETINGS = [
    (
        "Opstart: hvad mener vi med samskabelse?",
        datetime(2019, 9, 12, 8, 0, tzinfo=UTC),
        "Kolding Rådhus",
        True,
        "1. Velkomst og præsentation\n2. Hvad kalder vi det hjemme hos os?\n"
        "3. Aftaler om mini-eksperimenter",
        "## Referat\n\nVi brugte formiddagen på at sætte ord på, hvad samskabelse betyder i "
        "hver af de fire kommuner. Ordene er forskellige, men alle peger på et ligeværdigt "
        "samarbejde, hvor flere parter sammen finder både problemet og løsningen.\n\n"
        "**Aftalt:** hver kommune vælger et mini-eksperiment inden næste møde.",
    ),
    (
        BALL_MEETING,
        datetime(2019, 11, 21, 8, 30, tzinfo=UTC),
        "Varde Bibliotek",
        True,
        "1. Oplæg fra en byrådspolitiker\n2. Vi spiller bold: spørgsmål og modspil\n"
        "3. Paradokser set fra politiker, administration og borger",
        "## Referat\n\nEn byrådspolitiker fortalte, hvad der kan gøre det svært at slippe "
        'magten, når borgere, frivillige og foreninger inviteres med. Deltagerne "spillede '
        'bold" op ad politikeren med spørgsmål fra deres egen praksis.\n\n'
        "### Det tog vi med\n\n"
        "- Politikerne vil gerne samskabe, men skal også kunne stå til ansvar for "
        "resultatet.\n"
        "- Administrationen oplever at stå i klemme mellem åbne processer og faste "
        "budgetter.\n"
        "- Borgerne spørger, om deres tid gør en forskel, når beslutningen træffes et andet "
        "sted.\n\n"
        "Paradokserne er skrevet ind nedenfor, og vi arbejder videre med dem i "
        "mini-eksperimenterne.",
    ),
    (
        "Status på mini-eksperimenterne",
        datetime(2027, 3, 4, 8, 0, tzinfo=UTC),
        "Aalborg, Nordkraft",
        False,
        "1. Hver kommune fortæller om sit mini-eksperiment\n2. Sparring på tværs\n3. Næste skridt",
        "",
    ),
]

# title, perspective, description, reflections
COK_PARADOXES = [
    (
        "Slippe magten og stå til ansvar",
        Perspective.POLITIKER,
        "Politikeren skal give plads til, at andre er med til at bestemme, men det er "
        "stadig politikeren, vælgerne holder ansvarlig.",
        "Vi kan gøre rammen tydelig fra start: hvad er til forhandling, og hvad er besluttet.",
    ),
    (
        "Åben proces, lukket budget",
        Perspective.ADMINISTRATION,
        "Medarbejderne inviterer til en åben proces, men budget og tidsplan er lagt, før "
        "nogen er spurgt.",
        "Afsæt en lille pulje, som borgerne reelt kan disponere over.",
    ),
    (
        "Gør min indsats en forskel?",
        Perspective.BORGER,
        "Borgeren bruger sin fritid på at være med, men kan ikke se, hvor ideerne ender.",
        "Fortæl tilbage, hvad der skete med ideerne, også når svaret er nej.",
    ),
]

# kommunekode, title, question, what we tried, status, learning, politicians, volunteer
# consultants, citizens
COK_EXPERIMENTS = [
    (
        "621",
        "Genbrugspladsen som mødested",
        "Kan borgerne være med til at indrette en genbrugsplads, så den også bliver et sted "
        "at mødes?",
        "En lørdag med kaffe og skitser på pladsen, hvor brugerne tegnede deres forslag.",
        ExperimentStatus.AFSLUTTET,
        "Folk kom for at aflevere affald og blev for at snakke. Næste gang inviterer vi "
        "foreningerne med fra begyndelsen.",
        False,
        True,
        True,
    ),
    (
        "756",
        "Frivillige i idrætshallen",
        "Hvordan kan frivillige og hallen sammen skabe aktiviteter for ældre?",
        "Tre workshops med hallens personale, frivillige og ældre borgere.",
        ExperimentStatus.I_GANG,
        "",
        False,
        True,
        True,
    ),
    (
        "573",
        "Politikere på gåtur i lokalområdet",
        "Hvad sker der, når politikerne møder borgerne på deres egne præmisser?",
        "",
        ExperimentStatus.PLANLAGT,
        "",
        True,
        False,
        True,
    ),
    (
        "851",
        "Unge designer deres eget fritidstilbud",
        "Kan unge være medskabere af et fritidstilbud frem for brugere af det?",
        "En pop-up-værksted i et boligområde, hvor de unge selv stod for programmet.",
        ExperimentStatus.I_GANG,
        "De unge tog ansvar, da de fik en reel pulje at råde over.",
        True,
        False,
        True,
    ),
]

# --- Holbæk, Skanderborg, Guldborgsund ----------------------------------------------------

HOLBAEK_LOCAL_AREAS = ["Tølløse", "Svinninge", "Jyderup"]
HOLBAEK_AREA_CONTACT = "demo-gry-norskov"
# slug, name
FAELLES_SKABERE = [
    (HOLBAEK_AREA_CONTACT, "Gry Nørskov"),
    ("demo-anders-friis", "Anders Friis"),
    ("demo-pia-munk", "Pia Munk"),
    ("demo-kasper-holt", "Kasper Holt"),
    ("demo-mette-vinther", "Mette Vinther"),
    ("demo-ole-dalgaard", "Ole Dalgaard"),
    ("demo-hanne-brix", "Hanne Brix"),
    ("demo-rasmus-lind", "Rasmus Lind"),
    ("demo-tina-kruse", "Tina Kruse"),
    ("demo-bo-ravn", "Bo Ravn"),
    ("demo-susanne-hald", "Susanne Hald"),
    ("demo-morten-krog", "Morten Krog"),
    ("demo-eva-storm", "Eva Storm"),
    ("demo-jens-bjerre", "Jens Bjerre"),
]
FAELLES_SKABER_TITLE = "Fælles-skaber, Aktiv hele livet"
FAELLES_SKABER_BIO = (
    "En af Holbæk Kommunes fælles-skabere: medarbejdere, der bygger bro mellem kommunen og "
    "lokalsamfundene."
)
AREA_CONTACT_BIO = (
    "Fælles-skaber og kontaktperson for Tølløse, Svinninge og Jyderup. Hjælper borgere og "
    "foreninger med at finde vej i kommunen, når de vil skabe noget i deres lokalområde."
)

PLAYMAKERS = [
    ("demo-karina-lynge", "Karina Lynge"),
    ("demo-thomas-aagaard", "Thomas Aagaard"),
    ("demo-lene-hvid", "Lene Hvid"),
    ("demo-frederik-moos", "Frederik Moos"),
    ("demo-ida-kjeldsen", "Ida Kjeldsen"),
]
PLAYMAKER_BIO = (
    "Playmaker i Skanderborg Kommune: spiller de andre gode og får foreninger, borgere og "
    "forvaltning til at spille sammen."
)

# Our call: the task committee is a network of its own (kind landsbynetvaerk), the arena
# where politicians, citizens and local actors meet; each year's theme is a meeting.
GULDBORGSUND_COMMITTEE = {
    "slug": "guldborgsund-opgaveudvalg",
    "name": "Opgaveudvalget efter § 17, stk. 4 i Guldborgsund",
    "kind": NetworkKind.LANDSBYNETVAERK,
    "purpose": (
        "Et midlertidigt udvalg efter styrelseslovens § 17, stk. 4, hvor politikere sidder "
        "sammen med borgere og lokale aktører om en konkret opgave. Udvalget skifter tema hvert "
        "år og inviterer nye borgere med hver gang."
    ),
    "how_to_join": "Udvalget inviterer deltagere, når et nyt tema begynder.",
    "founded_on": date(2014, 1, 1),
}
COMMITTEE_MEETINGS = [
    (
        "Temaår: unge i mellemrummet mellem uddannelser",
        datetime(2016, 4, 14, 15, 0, tzinfo=UTC),
        "Nykøbing Falster Rådhus",
        True,
        "1. Hvad ser de unge selv?\n2. Hvad kan hver af os gøre, og hvad kan vi kun sammen?",
        "## Referat\n\nUddannelsesinstitutioner, jobcenter og unge pegede på de unge, der "
        "falder ud mellem to uddannelser. Ingen af parterne kan løse det alene, så udvalget "
        "foreslår et fast forum på tværs.",
    ),
]

# --- The national movement ----------------------------------------------------------------

MOVEMENT = {
    "slug": "samskabelsesbevaegelsen",
    "name": "Samskabelsesbevægelsen",
    "kind": NetworkKind.BEVAEGELSE,
    "purpose": (
        "En landsdækkende bevægelse for at udbrede samskabelse i Danmark. Medlemmerne kommer "
        "fra kommuner, regioner, staten, foreninger, borgergrupper og virksomheder, og de "
        "vil hjælpe politikere, medarbejdere og borgere med at tage initiativ til samskabelse "
        "af offentlig værdi. Bevægelsen holder tre store arrangementer om året."
    ),
    "how_to_join": (
        "Udfyld formularen og fortæl kort, hvorfor du vil være med. Er der en ledig plads, "
        "holder vi den til dig, indtil en koordinator har læst din anmodning. Er alle pladser "
        "taget, kommer du på ventelisten i den rækkefølge, anmodningerne kommer ind."
    ),
    "founded_on": date(2017, 2, 3),
    "member_capacity": 150,
    "waitlist_enabled": True,
}
MOVEMENT_MEMBERS = 150
MOVEMENT_WAITING = 150  # "lige så mange på venteliste" as members, says the seed
FIRST_NAMES = [
    "Anne", "Bent", "Camilla", "Dorthe", "Erik", "Freja", "Gitte", "Hans", "Inge", "Jakob",
    "Karen", "Lars", "Maja", "Niels", "Pernille",
]  # fmt: skip
LAST_NAMES = [
    "Andersen", "Bertelsen", "Christoffersen", "Dahl", "Eriksen", "Fog", "Gade", "Holm",
    "Iversen", "Juul",
]  # fmt: skip


def movement_member(number):
    """(slug, name, email) of the movement's demo member number 1 … 150."""
    first = FIRST_NAMES[(number - 1) % len(FIRST_NAMES)]
    last = LAST_NAMES[(number - 1) // len(FIRST_NAMES) % len(LAST_NAMES)]
    return f"demo-medlem-{number:03d}", f"{first} {last}", f"medlem{number:03d}@example.dk"


def waiting_applicant(number):
    """(name, email) of the movement's demo applicant number 1 … on the waiting list."""
    first = FIRST_NAMES[(number + 6) % len(FIRST_NAMES)]
    last = LAST_NAMES[(number + 3) % len(LAST_NAMES)]
    return f"{first} {last}", f"venteliste{number:02d}@example.dk"
