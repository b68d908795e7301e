"""The demo data `events.demo.seed` loads: COK and KL's theme day "Samskabelse: Playmakeren
og Fælles-skaberen" (held in Herlev and Aarhus in December 2016), a one-hour online think
tank on 1 December, and the founding meeting of the national co-creation movement
(3 February 2017: 150 seats, as many again on the waiting list).

Drawn from the source texts in ../shared/seeds/ and retold in our own words. The dates are
moved into the coming months by events/demo.py so registration is open. The speakers are
named as the public invitation names them; every participant is invented and has an
address on example.dk.
"""

from datetime import time

from samskabelse.models import OrganisationKind

from .models import EventKind, RegistrationStatus

COK = "COK – Center for Offentlig Kompetenceudvikling"
KL = "KL – Kommunernes Landsforening"
SKANDERBORG = "Skanderborg Kommune"
HOLBAEK = "Holbæk Kommune"
MOVEMENT = "Samskabelsesbevægelsen"
UKON = "UKON"  # the consultancy whose note invites to the online think tank

# Organisations this module needs beyond those samskabelse/demo.py creates:
# name, kind, kommunekode.
ORGANISATIONS = [
    (MOVEMENT, OrganisationKind.FORENING, None),
    (UKON, OrganisationKind.KONSULENTHUS, None),
]

# The demo organiser (samskabelse/demo.py) who manages every demo event.
ORGANISER_EMAIL = "arrangoer@cok.dk"

THEME_DAY_SLUG = "samskabelse-playmakeren-og-faelles-skaberen"
THINK_TANK_SLUG = "online-taenketank-hvornaar-er-samskabelse-ikke-svaret"
FOUNDING_SLUG = "samskabelsesbevaegelsen-stiftende-moede"

# A theme day runs from half past nine to half past three, Copenhagen time.
THEME_DAY_HOURS = (time(9, 30), time(15, 30))
# Herlev on a Friday, Aarhus the Monday after, as in 2016.
THEME_DAY_WEEKDAY = 4  # Friday
THEME_DAY_LEAD_DAYS = 42  # the first Friday at least six weeks ahead …
THEME_DAY_MIN_LEAD_DAYS = 14  # … kept on later runs while it is at least two weeks ahead
SECOND_OCCURRENCE_AFTER_DAYS = 3
REGISTRATION_CLOSES_DAYS_BEFORE = 7
THINK_TANK_DAY = (12, 1)  # 1 December
THINK_TANK_HOURS = (time(14, 0), time(15, 0))
FOUNDING_DAY = (2, 3)  # 3 February
FOUNDING_HOURS = (time(10, 0), time(16, 0))

EVENTS = [
    {
        "slug": THEME_DAY_SLUG,
        "title": "Samskabelse: Playmakeren og Fælles-skaberen",
        "kind": EventKind.TEMADAG,
        "price": 1495,
        "summary": (
            "Skanderborg og Holbæk fortæller, hvordan de har sat kommunens egne konsulenter "
            "i spil som playmakere og fælles-skabere, der bygger bro mellem kommune, borgere, "
            "foreninger og virksomheder. En temadag om de kompetencer, roller og redskaber, "
            "det kræver at samskabe velfærd med andre end kommunen selv."
        ),
        "programme": [
            "09:30 Ankomst, kaffe og morgenbrød",
            "10:00 Velkommen: hvorfor taler alle om samskabelse? Værterne fra COK og KL",
            "10:20 Playmakeren – at spille de andre gode. Skanderborg Kommune",
            "11:15 Playmaker-øvelser i små grupper",
            "12:00 Frokost",
            "12:45 Et korps af fælles-skabere: hvorfor og hvordan. Holbæk Kommune",
            "13:30 Bindeled, vejviser og katalysator i hverdagen. Holbæk Kommune",
            "14:15 Kaffe og kage",
            "14:30 Dialog: hvad betyder samskabelse for dine opgaver, og hvornår er det ikke "
            "svaret?",
            "15:15 Opsamling og tak for i dag",
        ],
        "organisers": [COK, KL],
        "hosts": [SKANDERBORG, HOLBAEK],
        # name, role, talk title, case slug in projects/demo_data.py
        "speakers": [
            (
                "Vibeke Breuerbach",
                "playmaker, Skanderborg Kommune",
                "Playmakeren – at spille de andre gode",
                "skanderborg-playmakere",
            ),
            (
                "Lotte Rømer Grove",
                "koordinator for fælles-skaberne, Holbæk Kommune",
                "Et korps af fælles-skabere: hvorfor Holbæk valgte den vej",
                "holbaek-faelles-skabere",
            ),
            (
                "Lone Nørgård Larsen",
                "fælles-skaber, Aktiv hele livet, Holbæk Kommune",
                "Bindeled, vejviser og katalysator – erfaringer og udfordringer",
                "holbaek-faelles-skabere",
            ),
        ],
        # city, venue, address, seats, waiting list
        "occurrences": [
            ("Herlev", "Konferencesalen", "Eksempelvej 12, 2730 Herlev", 40, True),
            ("Aarhus", "Mødecenter Aarhus", "Prøvegade 3, 8000 Aarhus C", 60, True),
        ],
    },
    {
        "slug": THINK_TANK_SLUG,
        "title": "Online tænketank: Hvornår er samskabelse ikke svaret?",
        "kind": EventKind.ONLINE_TAENKETANK,
        "price": 0,
        "summary": (
            "En time online, hvor vi sammen undersøger, hvornår kommunen skal lade være med at "
            "tænke samskabelse som løsningen. Tag en erfaring med, hvor det gik godt, eller en, "
            "hvor det ikke gjorde."
        ),
        "programme": [
            "14:00 Velkommen og et kort oplæg om samskabelsestrappen",
            "14:10 Samtale i små grupper: hvornår er samskabelse det rigtige svar?",
            "14:40 Fælles opsamling: tegn på, at vi bør vælge en anden vej",
            "14:55 Næste tænketank og tak for i dag",
        ],
        "organisers": [UKON],
        "hosts": [],
        "speakers": [],
        "online_url": "https://moede.example.dk/taenketank-samskabelse",
        "seats": 40,
    },
    {
        "slug": FOUNDING_SLUG,
        "network": "samskabelsesbevaegelsen",
        "title": "Samskabelsesbevægelsen: stiftende møde",
        "kind": EventKind.KONFERENCE,
        "price": 0,
        "summary": (
            "Vi stifter en bevægelse, der vil udbrede samskabelse i Danmark – nedefra. "
            "Deltagerne kommer fra kommuner, regioner, staten, foreninger, borgergrupper og "
            "private virksomheder, og sammen lægger vi planen for tre store begivenheder om "
            "året."
        ),
        "programme": [
            "10:00 Velkommen og kaffe",
            "10:30 Tid til nytænkning: fra effektiv ressourceudnyttelse til ressourcemobilisering",
            "11:15 Samskabelsestrappen – fem trin fra egen velfærd til fælles løsninger",
            "12:00 Frokost",
            "12:45 Fire veje til samskabelse: politikere, embedsfolk, medarbejdere og borgere",
            "14:00 Bevægelsen stiftes: formål, vedtægter og de første tre begivenheder",
            "15:30 Hvem gør hvad nu? Aftaler og afslutning",
        ],
        "organisers": [MOVEMENT],
        "hosts": [],
        "speakers": [],
        # "… starter op d. 3. februar 2017 i Fællessalen i Folketinget" (Guldborgsund's report).
        "venue": "Fællessalen, Folketinget",
        "address": "Christiansborg, 1240 København K",
        "city": "København",
        "seats": 150,
    },
]

# Registrations on the theme day: city -> [(status, how many)]. Herlev is sold out and has
# a waiting list; in Aarhus there are seats left.
THEME_DAY_REGISTRATIONS = {
    "Herlev": [
        (RegistrationStatus.CONFIRMED, 34),
        (RegistrationStatus.ATTENDED, 6),
        (RegistrationStatus.WAITLISTED, 4),
        (RegistrationStatus.CANCELLED, 3),
    ],
    "Aarhus": [
        (RegistrationStatus.CONFIRMED, 12),
        (RegistrationStatus.CANCELLED, 2),
    ],
}
# The founding meeting: every seat taken and a waiting list as long again.
FOUNDING_REGISTRATIONS = [
    (RegistrationStatus.CONFIRMED, 150),
    (RegistrationStatus.WAITLISTED, 150),
]

# Invented participants: names combined from common Danish first and last names.
FIRST_NAMES = [
    "Anne", "Mette", "Hanne", "Susanne", "Lone", "Karen", "Maria", "Camilla", "Pia", "Tina",
    "Louise", "Rikke", "Helle", "Trine", "Sofie", "Jens", "Peter", "Lars", "Søren", "Niels",
    "Henrik", "Thomas", "Mads", "Rasmus", "Jesper", "Martin", "Anders", "Mikkel", "Jonas",
    "Ole", "Birgitte", "Kasper", "Ida",
]  # fmt: skip
LAST_NAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
    "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen",
    "Holm", "Lund", "Schmidt", "Dam", "Bach", "Friis", "Krogh", "Vestergaard",
]  # fmt: skip
JOB_TITLES = [
    "konsulent", "chefkonsulent", "leder", "afdelingsleder", "projektleder",
    "frivillighedskoordinator", "udviklingskonsulent", "sagsbehandler", "socialrådgiver",
    "sundhedsplejerske", "skoleleder", "pædagog", "byrådsmedlem", "forperson",
]  # fmt: skip
# Who else comes to the movement's meeting besides the municipalities.
OTHER_ORGANISATIONS = [
    "Region Midtjylland", "Region Sjælland", "Social- og Boligstyrelsen",
    "Foreningen Frivillige Hænder", "Borgergruppen i Bydelen", "Nabohjælp Nord",
    "Samskab ApS", "Idrætsforeningen Fremad",
]  # fmt: skip
NEEDS = ["Vegetar", "Glutenfri kost", "Adgang uden trapper", ""]

TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "-"})


def participant(prefix, number):
    """(name, email) of invented participant `number` in the series `prefix`."""
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    last = LAST_NAMES[(number * 7 + number // len(FIRST_NAMES)) % len(LAST_NAMES)]
    local = f"{first}.{last}".lower().translate(TRANSLITERATE)
    return f"{first} {last}", f"{local}.{prefix}{number:03d}@example.dk"
