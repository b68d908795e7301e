"""The demo data `projects.demo.seed` loads: Guldborgsund's "100 dages samskabelse" (2016)
and cases from Skanderborg, Holbæk, Aarhus, Hedensted and Varde.

Drawn from the source texts in ../shared/seeds/ and retold in our own words. Quotes
marked as coming from the seeds are verbatim; the other quotes are written for the demo
and carry a role only, never a name. Names appear only where the source names the person
publicly, and then with a recorded consent time.
"""

from datetime import UTC, date, datetime, timedelta

from samskabelse.models import OrganisationKind

from .models import CaseStatus, JournalKind, PartnerRole, Step, Track, Visibility, WelfareArea

# A 100-day window: the first and the hundredth day.
HUNDRED_DAYS = timedelta(days=99)

# The demo consultants samskabelse/demo.py creates, by kommunekode.
CONSULTANTS = {"376": "konsulent@guldborgsund.dk", "746": "playmaker@skanderborg.dk"}

# When the people named in the published report agreed to be quoted by name.
NAMED_IN_REPORT_AT = datetime(2016, 12, 1, 12, 0, tzinfo=UTC)
# Borgernes Stemmer: consent under the current consent text, and when staff approved.
VOICE_CONSENT_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
VOICE_CONSENT_VERSION = "2026-11"
VOICE_MODERATED_AT = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)

FRIVILLIGRAADET = "Frivilligrådet"
RESONANS = "Resonans"

# slug, name, source, description
PRINCIPLES = [
    (
        "frivilligraadet-flere-skaber-noget-nyt",
        "Flere skaber noget nyt sammen",
        FRIVILLIGRAADET,
        "Der er altid mindst to parter, og de frembringer sammen noget, som ingen af dem "
        "kunne have lavet hver for sig.",
    ),
    (
        "frivilligraadet-nye-kvaliteter",
        "Nye kvaliteter af forskellige ressourcer",
        FRIVILLIGRAADET,
        "Når forskellige erfaringer, kompetencer og ressourcer mødes, opstår løsninger af en "
        "anden og bedre kvalitet end summen af delene.",
    ),
    (
        "frivilligraadet-dialog-om-problem-og-handling",
        "Problem og handling defineres i dialog",
        FRIVILLIGRAADET,
        "Hvad problemet er, og hvad der skal gøres ved det, ligger ikke fast på forhånd. "
        "Parterne finder ud af det sammen, undervejs.",
    ),
    (
        "frivilligraadet-initiativ-og-deltagelse",
        "Retten til initiativ og deltagelse udbredes",
        FRIVILLIGRAADET,
        "Det er ikke kun kommunen, der kan sætte noget i gang. Flere får mulighed for at tage "
        "initiativ og for at være med.",
    ),
    (
        "frivilligraadet-gensidig-afhaengighed",
        "Bevidsthed om gensidig afhængighed",
        FRIVILLIGRAADET,
        "Parterne ved, at de har brug for hinanden for at lykkes, og indretter samarbejdet "
        "efter det.",
    ),
    (
        "frivilligraadet-aabenhed-og-risikovillighed",
        "Åbenhed og risikovillighed",
        FRIVILLIGRAADET,
        "Man går ind i samarbejdet uden at kende facit og accepterer, at noget kan gå galt, "
        "før det lykkes.",
    ),
    (
        "resonans-led-gennem-processer",
        "Led gennem processer frem for at lede processen",
        RESONANS,
        "Lederen sætter retning og rammer, som andre kan handle inden for, i stedet for selv "
        "at styre hvert skridt.",
    ),
    (
        "resonans-facilitering-frem-for-styring",
        "Facilitér frem for at styre – slip kontrollen",
        RESONANS,
        "Kommunen hjælper samtalen og samarbejdet på vej og lader de andre parter få reel "
        "indflydelse på, hvor det ender.",
    ),
    (
        "resonans-udvid-problemforstaaelsen",
        "Udvid problemforståelsen",
        RESONANS,
        "Begynd med at undersøge problemet igen, sammen med dem der mærker det, før I vælger "
        "en løsning.",
    ),
    (
        "resonans-opgiv-initiativretten",
        "Opgiv initiativretten – gød jorden for andre",
        RESONANS,
        "Skab betingelserne for, at borgere, foreninger og virksomheder selv tager initiativ, "
        "i stedet for at kommunen altid går forrest.",
    ),
    (
        "resonans-vaer-responsiv",
        "Vær responsiv over for omverdenen",
        RESONANS,
        "Lyt efter de behov, der viser sig uden for rådhuset, og tør gå på opdagelse i det, "
        "man endnu ikke kender.",
    ),
    (
        "resonans-understoet-arenaer",
        "Understøt arenaer for samskabelse og deltagelse",
        RESONANS,
        "Tænk stort, men start i det små og kobl på de fællesskaber og mødesteder, der "
        "allerede findes.",
    ),
]

# name, kind, kommunekode (None: national)
ORGANISATIONS = [
    ("Ældre Sagen", OrganisationKind.FRIVILLIGORGANISATION, None),
    ("Resonans", OrganisationKind.KONSULENTHUS, None),
    ("COK – Center for Offentlig Kompetenceudvikling", OrganisationKind.UDDANNELSE, None),
    ("UKON", OrganisationKind.KONSULENTHUS, None),
    ("Frivilligcenter Guldborgsund", OrganisationKind.FRIVILLIGORGANISATION, "376"),
    ("Forældrebestyrelsen i Æblehuset", OrganisationKind.FORENING, "376"),
    ("Børnehaverne i Nordbyens skoledistrikt", OrganisationKind.KOMMUNE, "376"),
    ("Idrætsforeninger i Nykøbing Falster", OrganisationKind.FORENING, "376"),
    ("Virksomheder i Nykøbing Falster", OrganisationKind.VIRKSOMHED, "376"),
    ("Borgergruppen i Horbelev", OrganisationKind.FORENING, "376"),
    ("CELF – Center for erhvervsrettede uddannelser Lolland Falster",
     OrganisationKind.UDDANNELSE, "376"),
    ("UU Guldborgsund", OrganisationKind.KOMMUNE, "376"),
    ("Foreninger og frivillige i Skanderborg", OrganisationKind.FORENING, "746"),
    ("Lokalområderne i Holbæk Kommune", OrganisationKind.FORENING, "316"),
    ("Borgergrupper i Aarhus", OrganisationKind.FORENING, "751"),
]  # fmt: skip

# Hverdagsgreb for the værktøjskasse. Questions, do's and don'ts: one per line.
GRIPS = [
    {
        "slug": "se-verden-fra-borgerens-stol",
        "title": "Se verden fra borgerens stol",
        "description": (
            "Tag ud og oplev problemet dér, hvor borgeren oplever det, før du beslutter, "
            "hvad der skal ske. Park og Vej tager hjem til folk – også om aftenen – når en "
            "henvendelse ikke kan forstås fra skrivebordet."
        ),
        "good_questions": [
            "Hvordan ser det her ud fra borgerens side?",
            "Hvad skal jeg selv se, høre eller mærke for at forstå henvendelsen?",
            "Hvem andre mærker problemet, og hvad siger de?",
        ],
        "dos": [
            "Besøg borgeren på det tidspunkt, hvor problemet opstår.",
            "Lyt efter, hvad der betyder noget for borgeren – ikke kun efter klagen.",
        ],
        "donts": [
            "Afgør sagen fra skrivebordet.",
            "Behandl henvendelsen som en bestilling, der bare skal ekspederes.",
        ],
    },
    {
        "slug": "del-dine-faglige-dilemmaer",
        "title": "Del dine faglige dilemmaer",
        "description": (
            "Sig det højt, når du er i tvivl, og spørg de andre, hvad de tænker. Ærlighed om "
            "det, man ikke ved, åbner for en samtale, hvor borgerne bidrager med deres egen "
            "viden, og hvor det er i orden at prøve noget og justere bagefter."
        ),
        "good_questions": [
            "Hvad er jeg selv i tvivl om her?",
            "Hvad ville du gøre, hvis det var dit område?",
            "Hvad prøver vi først, og hvornår kigger vi på det igen?",
        ],
        "dos": [
            "Fortæl ærligt, hvad du ikke ved.",
            "Aftal at prøve en løsning og se på den igen efter en periode.",
        ],
        "donts": [
            "Spil den skråsikre ekspert.",
            "Lov en bestemt løsning, før I har prøvet den af.",
        ],
    },
    {
        "slug": "anerkend-det-borgerne-allerede-goer",
        "title": "Anerkend det, borgerne allerede gør",
        "description": (
            "Mange borgere gør en indsats uden at spørge kommunen først. Læg mærke til den, "
            "sig tak på en måde, der betyder noget, og lav en enkel aftale i stedet for at "
            "henvise til reglerne."
        ),
        "good_questions": [
            "Hvem gør allerede noget her, uden at vi har bedt om det?",
            "Hvad skal der til, for at de kan blive ved?",
            "Hvordan siger vi tak, så det bliver mærket?",
        ],
        "dos": [
            "Giv små ting, der gør indsatsen lettere, fx poser og redskaber.",
            "Lav en enkel aftale om, hvem der passer hvad fremover.",
        ],
        "donts": [
            "Bed om at få initiativet fjernet, bare fordi det ikke står i en aftale.",
            "Gør en frivillig indsats til en kontrakt med krav.",
        ],
    },
    {
        "slug": "stil-redskaber-og-faglighed-til-raadighed",
        "title": "Stil redskaber og faglighed til rådighed",
        "description": (
            "Kommunen sørger for grej, logistik og faglige råd; borgerne udfører arbejdet og "
            "bestemmer, hvad der er vigtigst i deres område. Begge parter får en bedre "
            "forståelse af, hvad opgaven kræver."
        ),
        "good_questions": [
            "Hvad kan borgerne selv, og hvad har de brug for fra os?",
            "Hvem henter det, der er samlet sammen, og hvornår?",
            "Hvordan markerer vi bagefter, hvad der er nået?",
        ],
        "dos": [
            "Mød selv op på dagen.",
            "Sørg for, at det praktiske virker, så borgernes indsats ikke er forgæves.",
        ],
        "donts": [
            "Send en færdig plan ud, som borgerne bare skal udføre.",
            "Lad borgerne stå alene med det tunge og det farlige.",
        ],
    },
    {
        "slug": "start-smaat-og-kobl-paa-det-der-findes",
        "title": "Start småt og kobl på det, der findes",
        "description": (
            "Brug de fællesskaber, møder og netværk, der allerede er omkring opgaven, i "
            "stedet for at bygge nye strukturer. Et lille, afgrænset forsøg lærer jer mere "
            "end en stor plan."
        ),
        "good_questions": [
            "Hvilke fællesskaber findes allerede omkring opgaven?",
            "Hvad er det mindste forsøg, vi kan sætte i gang i næste uge?",
            "Hvem kender nogen, vi bør tale med?",
        ],
        "dos": [
            "Brug forældremøder, foreningsmøder og lokale arrangementer.",
            "Vælg et afgrænset forsøg med en fast dato for opfølgning.",
        ],
        "donts": [
            "Begynd med at oprette et nyt råd eller udvalg.",
            "Vent på, at den store plan er på plads.",
        ],
    },
    {
        "slug": "lad-opgaven-saette-holdet",
        "title": "Lad opgaven sætte holdet",
        "description": (
            "Giv hinanden opgaver frem for opskrifter. Spørg, hvilket problem I vil løse, "
            "og find derefter dem, der kan hjælpe – også uden for kommunen – i stedet for at "
            "sammensætte holdet efter organisationsdiagrammet."
        ),
        "good_questions": [
            "Hvilket problem eller hvilken opgave vil vi gerne løse?",
            "Hvem kan hjælpe os, og hvem mangler vi?",
            "Hvad får de andre ud af at være med?",
            "Hvor og hvordan mødes vi bedst?",
        ],
        "dos": [
            "Invitér på tværs af fag, foreninger og virksomheder.",
            "Spørg hver part, hvad de selv gerne vil have ud af samarbejdet.",
        ],
        "donts": [
            "Sammensæt holdet efter, hvem der plejer at være med.",
            "Giv deltagerne en færdig drejebog.",
        ],
    },
    {
        "slug": "giv-de-frivillige-en-tydelig-rolle",
        "title": "Giv de frivillige en tydelig rolle",
        "description": (
            "Frivillige vil gerne ledes – bare ikke med ordrer. Tag imod dem som en del af "
            "huset, aftal sammen med personalet, hvem der gør hvad, og lad de frivillige "
            "bruge det, de selv brænder for."
        ),
        "good_questions": [
            "Hvad har den frivillige lyst til og erfaring med?",
            "Hvad må de frivillige, og hvad skal personalet altid selv gøre?",
            "Hvem er de frivilliges faste kontaktperson?",
        ],
        "dos": [
            "Byd de frivillige velkommen og præsentér dem for beboere og kolleger.",
            "Hold jævnligt et kort møde mellem frivillige og personale.",
        ],
        "donts": [
            "Brug frivillige som erstatning for fast personale.",
            "Glem at sige tak.",
        ],
    },
    {
        "slug": "foelg-op-sammen",
        "title": "Følg op sammen",
        "description": (
            "Når I har aftalt at prøve noget, så aftal også, hvornår I taler sammen igen. "
            "Opfølgningen viser, om løsningen virker, og gør det trygt at prøve noget, man "
            "ikke er sikker på."
        ),
        "good_questions": [
            "Hvornår ved vi, om det virker?",
            "Hvem ringer til hvem, og hvornår?",
            "Hvad gør vi, hvis det ikke virker?",
        ],
        "dos": [
            "Sæt en dato for opfølgningen, mens I sidder sammen.",
            "Skriv aftalen ned med borgerens egne ord.",
        ],
        "donts": [
            "Luk sagen, så snart der er handlet.",
            "Lad opfølgningen afhænge af, at borgeren klager igen.",
        ],
    },
]

# Borgernes Stemmer: slug, name, description
VOICE_THEMES = [
    (
        "aktivt-medborgerskab",
        "Aktivt medborgerskab",
        "Guldborgsund har mange frivillige, og borgerne ser muligheder i flere netværk på "
        "kryds og tværs: et fælles mødested for alle aldre, roller og interesser, der bygger "
        "bro mellem det formelle foreningsliv og hverdagens uformelle fællesskaber.",
    ),
    (
        "spirende-baghave",
        "Spirende baghave",
        "Naturen, de lokale fødevarer og friluftslivet gør egnen til noget særligt og giver "
        "stolthed. Borgerne peger på at koble de værdier til de mange nye iværksættere, så "
        "land og by sammen bliver en kilde til innovation.",
    ),
    (
        "kommunen-som-medskaber",
        "Kommunen som medskaber",
        "Foreningerne samarbejder mest inden for egne rækker. Borgerne ønsker, at kommunen "
        "går ind i rummet mellem de kommunale tilbud og foreningslivet, støtter lokale "
        "initiativer og anerkender den værdi, frivillige skaber.",
    ),
]

# The quotes from the seed's "Borgernes Stemmer", verbatim (one typo corrected);
# anonymous, area only.
VOICES = [
    {
        "text": "Det er utroligt hvad Ældre Sagen skaber af aktiviteter",
        "role": "pensionist",
        "age_group": "67+",
        "themes": ["aktivt-medborgerskab"],
    },
    {
        "text": "Her er sådan lidt gammeldags. Du kan gå til fodbold eller gymnastik hvis du er "
        "heldig.",
        "role": "studerende",
        "age_group": "18-29",
        "themes": ["aktivt-medborgerskab"],
    },
    {
        "text": "Som tilflytter er det svært at blive en del af fællesskabet",
        "role": "flygtning",
        "age_group": "",
        "themes": ["aktivt-medborgerskab"],
    },
    {
        "text": "Der er mange der kalder det Københavns Baghave, fordi vi har så mange gode "
        "produktioner. Det er gode produkter med en god historie.",
        "role": "fødevareproducent",
        "age_group": "",
        "themes": ["spirende-baghave"],
    },
    {
        "text": "Når man kommer hertil og har boet i større byer, så er det jo en oase at komme "
        "til. Og hvis man dyrker friluftsliv så er det jo et slaraffenland.",
        "role": "medarbejder på Vækstfabrikken",
        "age_group": "",
        "themes": ["spirende-baghave"],
    },
    {
        "text": "Kommunerne er blevet pålagt, at der skal ske noget med skolerne – og det klarer "
        "foreningerne. Når de ansatte i kommunen går hjem, hvor vi skulle have noget "
        "samarbejde, så er der et tomrum ift. resten af dagen.",
        "role": "formand, fodboldklub",
        "age_group": "",
        "themes": ["kommunen-som-medskaber"],
    },
]
VOICE_AREA = "Guldborgsund"
VOICE_MUNICIPALITY = "376"

# Guldborgsund's local areas with inhabitants per age group (under 18, 18–29, 30–49, 50–66,
# 67+), so the pattern page can show whose voices are missing. Rounded figures made up for
# the demo, in roughly the municipality's proportions: not official statistics.
LOCAL_AREAS = [
    ("Nykøbing Falster", (3400, 2900, 4100, 3900, 3700)),
    ("Sakskøbing", (900, 500, 1000, 1100, 1200)),
    ("Nysted og Kettinge", (500, 250, 600, 800, 1000)),
    ("Stubbekøbing og Horbelev", (600, 300, 700, 1000, 1300)),
    ("Gedser og Sydfalster", (400, 200, 500, 800, 1100)),
]

# The criteria and red flags a case can tick (field names on Case).
OUTSIDE_IN, MOBILISATION, INNOVATION, CROSS = (
    "outside_in",
    "mobilisation",
    "innovation",
    "cross_disciplinary",
)
FINISHED, PREPROGRAMMED, COST_CUTTING = (
    "flag_finished_solution",
    "flag_preprogrammed",
    "flag_cost_cutting",
)

PARK_OG_VEJ_PORTRAIT = (
    "Park og Vej passer kommunens veje, rabatter, parker og grønne områder. I de lokale "
    "dialogmøder – blandt andet med borgerne i Horbelev – kan et lokalområde sætte sig "
    "sammen med afdelingen og tale om, hvordan stedet skal vedligeholdes, gøres pænere og "
    "fornyes. Gitte Krogh og Nils Rasmussen fra Park og Vej møder op for at stille deres "
    "faglighed til rådighed: de vejleder og bakker op, men de er ikke smagsdommere, og de "
    "er parate til at lade en anden løsning vinde end den, de selv havde tænkt.\n\n"
    "Elementer af et samskabende mindset:\n"
    "– De tager borgernes perspektiv og gør sig umage for at se sagen med deres øjne.\n"
    "– De tør føre en ærlig og personlig samtale, hvor de også giver noget af sig selv.\n"
    "– De udfordrer deres egen faglige selvforståelse og giver slip på færdige løsninger.\n"
    "– De stiller deres viden til rådighed på den måde, borgerne har brug for den.\n"
    "– De bruger deres faglighed til at udfordre borgerne, når det er nødvendigt.\n"
    "– De ser og anerkender borgernes engagement og bidrag.\n\n"
    "Tvivl som en styrke. Ifølge Nils opstår den gode samtale ofte, når han lægger sine "
    "faglige dilemmaer frem og indrømmer, at han ikke ved, hvad der er bedst – og spørger "
    "de andre. Så bliver det muligt at prøve noget af og justere, hvis det ikke holder.\n\n"
    "Oprydningsdage. Når et lokalområde vil rydde op, stiller kommunen med redskaber, "
    "fejemaskine og afhentning af affald, mens borgerne selv tager fat. Området bliver "
    "ryddet, og begge parter bliver klogere på, hvor stor opgaven egentlig er.\n\n"
    "Gadetræer med adoptivforældre. På Rosendahlsgade har beboerne påtaget sig at passe "
    "gadens træer.\n\n"
    "Initiativer, ingen har bestilt. I Nysted går en ældre kvinde hver dag en tur og "
    "samler affald op. Det står ikke i nogen aftale, men Park og Vej sørger for poser og en "
    "affaldstang og kvitterer med blomster og en snak. Et andet sted har en borger plantet "
    "stauder i den kommunale rabat foran huset. I stedet for at kræve dem fjernet aftalte "
    "afdelingen, at borgeren selv passer stykket fremover.\n\n"
    "Når borgeren ikke får ret. En borger bad om at få et nyt digitalt skilt fjernet, "
    "fordi lyset blændede i stuen. Gitte tog derhen klokken ni om aftenen for at se det "
    "selv. Hun blev ikke blændet, men de to fandt et kompromis: skiltet blev skruet ned, og "
    "de aftalte at tale sammen igen. Ved opfølgningen var problemet væk.\n\n"
    "Måske kunne Park og Vej have løst opgaverne hurtigere alene. Men når borgerne er med "
    "til at finde og gennemføre løsningen, vokser ejerskabet, og flere tager ansvar for "
    "deres område."
)

D = date
GULDBORGSUND_CASES = [
    {
        "slug": "bakkehuset-plejecenter-frivillige-fra-aeldre-sagen",
        "title": "Bakkehuset Plejecenter og de frivillige fra Ældre Sagen",
        "unit": "Bakkehuset Plejecenter",
        "welfare_area": WelfareArea.AELDRE,
        "track": Track.FIND_OG_FORSTOER,
        "status": CaseStatus.AFSLUTTET,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 8, 22),
        "end_date": D(2016, 8, 22) + HUNDRED_DAYS,
        "summary": (
            "Frivillige fra Ældre Sagen er en fast del af hverdagen på Bakkehuset. Sammen med "
            "personalet giver de beboerne samvær og oplevelser, som plejecentret ikke kan "
            "skabe alene."
        ),
        "story": (
            "På Bakkehuset Plejecenter kommer frivillige fra Ældre Sagen hver uge. De går "
            "ture med beboerne, synger, læser højt og drikker kaffe med dem, der ellers "
            "sjældent får besøg. I 100-dages forløbet så vi nærmere på, hvad der får "
            "samarbejdet til at fungere.\n\n"
            "Svaret lå mest i hverdagens små greb: de frivillige bliver taget imod som en del "
            "af huset, de har en fast kontaktperson blandt personalet, og de bliver spurgt, "
            "hvad de selv har lyst til. Personalet og de frivillige har sammen gjort det "
            "tydeligt, hvad der er plejens opgave, og hvad der er de frivilliges – så ingen "
            "føler sig brugt som erstatning for andre."
        ),
        "criteria": [OUTSIDE_IN, MOBILISATION, INNOVATION],
        "flags": [],
        "step": Step.VOLUNTEERS,
        "principles": [
            "frivilligraadet-nye-kvaliteter",
            "frivilligraadet-gensidig-afhaengighed",
            "resonans-facilitering-frem-for-styring",
        ],
        "grips": ["giv-de-frivillige-en-tydelig-rolle", "start-smaat-og-kobl-paa-det-der-findes"],
        "recipe_problem": (
            "Beboerne savner samvær og oplevelser ud over plejen, og personalet har kun tid "
            "til det nødvendige."
        ),
        "recipe_helpers": "Frivillige fra Ældre Sagen, pårørende og husets personale.",
        "recipe_motivation": (
            "De frivillige får meningsfulde opgaver, et fællesskab med hinanden og en tydelig "
            "plads i huset."
        ),
        "recipe_arena": (
            "Faste ugentlige aktiviteter i fællesstuen og et kort møde mellem frivillige og "
            "personale hvert kvartal."
        ),
        "outcomes": (
            "Flere aktiviteter om ugen, beboere der kommer mere ud, og et personale der "
            "oplever de frivillige som kolleger frem for gæster."
        ),
        "learnings": (
            "Frivillige skal ledes, men ikke kommanderes. Det vigtigste er en klar "
            "rollefordeling og en fast kontaktperson."
        ),
        "partners": [("Ældre Sagen", PartnerRole.FRIVILLIGE)],
        "journal": [
            (
                D(2016, 8, 24),
                JournalKind.MOEDE,
                "Første samtale med centerlederen: hvad får samarbejdet med Ældre Sagen til at "
                "virke, og hvor knirker det?",
            ),
            (
                D(2016, 9, 15),
                JournalKind.OBSERVATION,
                "Var med til sangeftermiddagen. De frivillige kender beboerne ved navn og ved, "
                "hvem der skal hentes på værelset.",
            ),
            (
                D(2016, 11, 24),
                JournalKind.LAERING,
                "Den faste kontaktperson er nøglen. Beskrevet som hverdagsgreb til værktøjskassen.",
            ),
        ],
        "quotes": [
            (
                "Vi kommer ikke for at tage arbejdet fra nogen. Vi kommer for at hygge med "
                "beboerne – og det kan vi, fordi personalet tager så godt imod os.",
                "frivillig, Ældre Sagen",
                "",
            ),
        ],
    },
    {
        "slug": "aeblehuset-bestyrelsen-som-medskaber",
        "title": "Æblehuset: forældrebestyrelsen som medskaber",
        "unit": "Daginstitutionen Æblehuset",
        "welfare_area": WelfareArea.BOERN_OG_UNGE,
        "track": Track.FIND_OG_FORSTOER,
        "status": CaseStatus.AFSLUTTET,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 8, 29),
        "end_date": D(2016, 8, 29) + HUNDRED_DAYS,
        "summary": (
            "I Æblehuset er forældrebestyrelsen gået fra at godkende til at skabe. Ledelse og "
            "forældre udvikler sammen institutionens hverdag og trækker på forældrenes egne "
            "evner og netværk."
        ),
        "story": (
            "Tidligere handlede bestyrelsesmøderne i Æblehuset mest om at blive orienteret og "
            "sige god for budget og principper. Lederen ville noget andet: at forældrene skulle "
            "være med til at stille spørgsmålene, ikke kun svare på dem.\n\n"
            "Nu sætter bestyrelsen selv punkter på dagsordenen, og møderne bruges til at "
            "finde ud af, hvad forældrene og institutionen kan gøre sammen – arbejdsdage på "
            "legepladsen, arrangementer for nye familier og idéer til, hvordan børnene kan "
            "komme mere ud i lokalområdet. Forældrene bidrager med det, de kan, og "
            "personalet holder fast i det pædagogiske ansvar."
        ),
        "criteria": [OUTSIDE_IN, MOBILISATION],
        "flags": [],
        "step": Step.COMMUNITIES_OF_PRACTICE,
        "principles": [
            "frivilligraadet-dialog-om-problem-og-handling",
            "resonans-opgiv-initiativretten",
        ],
        "grips": ["start-smaat-og-kobl-paa-det-der-findes", "lad-opgaven-saette-holdet"],
        "recipe_problem": (
            "Bestyrelsen blev brugt som høringspart, og forældrenes ressourcer kom ikke i spil."
        ),
        "recipe_helpers": "Forældrene i bestyrelsen og deres netværk i lokalområdet.",
        "recipe_motivation": (
            "Reel indflydelse på børnenes hverdag og synlige resultater, man kan tage "
            "børnene med hen og se."
        ),
        "recipe_arena": "Bestyrelsesmøderne, gjort om til arbejdsmøder med åben dagsorden.",
        "outcomes": (
            "En arbejdsdag på legepladsen, en velkomstordning for nye familier og en "
            "bestyrelse, der kommer med egne forslag."
        ),
        "learnings": (
            "Det kræver, at lederen tør lade dagsordenen være åben – og at forældrene får at "
            "vide, hvad der er til forhandling, og hvad der ikke er."
        ),
        "partners": [("Forældrebestyrelsen i Æblehuset", PartnerRole.BORGERE)],
        "journal": [
            (
                D(2016, 9, 6),
                JournalKind.MOEDE,
                "Samtale med lederen om, hvordan bestyrelsesarbejdet har ændret sig.",
            ),
            (
                D(2016, 10, 11),
                JournalKind.OBSERVATION,
                "Deltog i et bestyrelsesmøde. Forældrene satte selv to af fire punkter på.",
            ),
        ],
        "quotes": [
            (
                "Før sad vi og nikkede til et budget. Nu sidder vi og finder på ting sammen.",
                "formand, forældrebestyrelsen i Æblehuset",
                "",
            ),
        ],
    },
    {
        "slug": "nordbyskolen-brobygning-fra-boernehave-til-skole",
        "title": "Nordbyskolen: brobygning fra børnehave til skole",
        "unit": "Nordbyskolen",
        "welfare_area": WelfareArea.BOERN_OG_UNGE,
        "track": Track.FIND_OG_FORSTOER,
        "status": CaseStatus.AFSLUTTET,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 8, 22),
        "end_date": D(2016, 8, 22) + HUNDRED_DAYS,
        "summary": (
            "Nordbyskolen og børnehaverne i skoledistriktet har gjort overgangen til skole til "
            "en fælles opgave, hvor pædagoger, lærere og forældre planlægger sammen ud fra "
            "barnets oplevelse."
        ),
        "story": (
            "Overgangen fra børnehave til skole kan være stor for et barn, og den falder "
            "mellem to kommunale enheder med hver sin faglighed. På Nordbyskolen har lærere "
            "og pædagoger fra børnehaverne i distriktet besluttet at se overgangen med "
            "barnets øjne i stedet for med hver sin institutions.\n\n"
            "Børnene besøger skolen flere gange i løbet af foråret, pædagogerne følger med "
            "de første uger efter skolestart, og forældrene inviteres med til at planlægge. "
            "Det er ikke et nyt system, men en række aftaler mellem mennesker, der kender "
            "hinanden."
        ),
        "criteria": [OUTSIDE_IN, CROSS],
        "flags": [],
        "step": Step.COMMUNITIES_OF_PRACTICE,
        "principles": [
            "resonans-udvid-problemforstaaelsen",
            "frivilligraadet-gensidig-afhaengighed",
        ],
        "grips": ["se-verden-fra-borgerens-stol", "start-smaat-og-kobl-paa-det-der-findes"],
        "recipe_problem": (
            "Skolestarten er et brud for barnet, fordi to systemer ikke taler sammen."
        ),
        "recipe_helpers": "Pædagoger, lærere, forældre – og børnene selv.",
        "recipe_motivation": "Alle vil have en god skolestart; ingen kan sikre den alene.",
        "recipe_arena": "Fælles planlægningsmøder i foråret og besøgsdage på skolen.",
        "outcomes": "Tryggere skolestart og forældre, der kender skolen, før barnet begynder.",
        "learnings": (
            "Brobygning handler mere om relationer end om skemaer. Det er let at sprede, "
            "når andre kan se, hvordan det gøres i praksis."
        ),
        "partners": [("Børnehaverne i Nordbyens skoledistrikt", PartnerRole.ANDEN_OFFENTLIG)],
        "journal": [
            (
                D(2016, 8, 30),
                JournalKind.MOEDE,
                "Møde med skoleleder og to børnehaveledere om, hvordan brobygningen er opstået.",
            ),
            (
                D(2016, 11, 8),
                JournalKind.LAERING,
                "Praksis kan overføres til andre overgange – Sundskolen er interesseret.",
            ),
        ],
        "quotes": [
            (
                "Vi spurgte os selv, hvordan det ser ud for en seksårig – og så gav meget sig "
                "selv.",
                "pædagog, børnehave i Nordbyen",
                "",
            ),
        ],
    },
    {
        "slug": "nordbyskolen-aaben-skole",
        "title": "Nordbyskolen åbner skolen for foreninger og virksomheder",
        "unit": "Nordbyskolen",
        "welfare_area": WelfareArea.BOERN_OG_UNGE,
        "track": Track.FIND_OG_FORSTOER,
        "status": CaseStatus.I_GANG,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 9, 5),
        "end_date": D(2016, 9, 5) + HUNDRED_DAYS,
        "summary": (
            "Nordbyskolen bruger den åbne skole til at lade foreninger og virksomheder være "
            "med i undervisningen og bevægelsen, så skoledagen hænger sammen med livet uden "
            "for skolen."
        ),
        "story": (
            "Folkeskolereformen pålagde skolerne at åbne sig mod lokalsamfundet. På "
            "Nordbyskolen blev det mere end en pligt: idrætsforeninger står for dele af "
            "bevægelsestimerne, og lokale virksomheder tager imod klasser, der skal se, "
            "hvordan fagene bruges i et arbejdsliv.\n\n"
            "Foreningerne peger selv på en udfordring: når skoledagen slutter og lærerne går "
            "hjem, er der ingen fra kommunen at samarbejde med om resten af børnenes dag. "
            "Skolen og foreningerne arbejder nu på faste aftaler, der også dækker "
            "eftermiddagen."
        ),
        "criteria": [MOBILISATION, INNOVATION, CROSS],
        "flags": [],
        "step": Step.VOLUNTEERS,
        "principles": [
            "frivilligraadet-nye-kvaliteter",
            "resonans-understoet-arenaer",
        ],
        "grips": ["lad-opgaven-saette-holdet", "start-smaat-og-kobl-paa-det-der-findes"],
        "recipe_problem": (
            "Undervisningen skal kobles til lokalsamfundet, men skolen har ikke selv de "
            "kræfter og den viden, der skal til."
        ),
        "recipe_helpers": "Idrætsforeninger, lokale virksomheder og forældre.",
        "recipe_motivation": (
            "Foreningerne møder nye medlemmer, virksomhederne møder fremtidens medarbejdere."
        ),
        "recipe_arena": "Faste aftaler om forløb, planlagt sammen ved skoleårets start.",
        "outcomes": "Flere forløb med foreninger og virksomheder i hver årgang.",
        "learnings": (
            "Samarbejdet holder kun, hvis foreningerne også får noget ud af det – og hvis "
            "kommunen er til stede efter klokken 14."
        ),
        "partners": [
            ("Idrætsforeninger i Nykøbing Falster", PartnerRole.FORENING),
            ("Virksomheder i Nykøbing Falster", PartnerRole.VIRKSOMHED),
        ],
        "journal": [
            (
                D(2016, 9, 13),
                JournalKind.MOEDE,
                "Møde med skolens koordinator for åben skole og to foreningsformænd.",
            ),
            (
                D(2016, 12, 6),
                JournalKind.BESLUTNING,
                "Skolen og foreningerne laver faste aftaler for næste skoleår.",
            ),
        ],
        "quotes": [
            # Verbatim from the seed (Borgernes Stemmer).
            (
                "Kommunerne er blevet pålagt, at der skal ske noget med skolerne – og det klarer "
                "foreningerne. Når de ansatte i kommunen går hjem, hvor vi skulle have noget "
                "samarbejde, så er der et tomrum ift. resten af dagen.",
                "formand, fodboldklub",
                "",
            ),
        ],
    },
    {
        "slug": "park-og-vej-lokal-dialog-med-horbelev",
        "title": "Park og Vej ser verden fra borgernes stol",
        "unit": "Park og Vej",
        "welfare_area": WelfareArea.TEKNIK_OG_MILJOE,
        "track": Track.FIND_OG_FORSTOER,
        "status": CaseStatus.AFSLUTTET,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 8, 15),
        "end_date": D(2016, 8, 15) + HUNDRED_DAYS,
        "summary": (
            "Park og Vej går i åben dialog med lokalområder som Horbelev om vedligehold og "
            "forskønnelse. Afdelingen stiller sin faglighed til rådighed, lader borgerne tage "
            "del i arbejdet og anerkender det, de allerede gør."
        ),
        "story": PARK_OG_VEJ_PORTRAIT,
        "criteria": [OUTSIDE_IN, MOBILISATION, INNOVATION],
        "flags": [],
        "step": Step.EVERYONE_INITIATES,
        "principles": [
            "resonans-facilitering-frem-for-styring",
            "resonans-opgiv-initiativretten",
            "resonans-vaer-responsiv",
            "frivilligraadet-aabenhed-og-risikovillighed",
            "frivilligraadet-initiativ-og-deltagelse",
        ],
        "grips": [
            "se-verden-fra-borgerens-stol",
            "del-dine-faglige-dilemmaer",
            "anerkend-det-borgerne-allerede-goer",
            "stil-redskaber-og-faglighed-til-raadighed",
            "foelg-op-sammen",
        ],
        "recipe_problem": (
            "Der er ikke penge til at vedligeholde og forskønne alle lokalområder, som "
            "borgerne ønsker det."
        ),
        "recipe_helpers": (
            "Borgergrupper og enkelte ildsjæle i lokalområderne, fx i Horbelev, Nysted og "
            "på Rosendahlsgade."
        ),
        "recipe_motivation": (
            "Et pænere nærområde, indflydelse på løsningen og en kommune, der siger tak og "
            "møder op."
        ),
        "recipe_arena": "Lokale dialogmøder, oprydningsdage og besøg hjemme hos borgerne.",
        "outcomes": (
            "Ryddede områder, adopterede gadetræer, borgere der passer rabatter, og færre "
            "fastlåste klagesager."
        ),
        "learnings": (
            "Det går måske hurtigere alene, men ejerskabet vokser, når borgerne er med. "
            "Ærlig tvivl skaber bedre samtaler end skråsikkerhed."
        ),
        "partners": [("Borgergruppen i Horbelev", PartnerRole.BORGERE)],
        "journal": [
            (
                D(2016, 8, 17),
                JournalKind.MOEDE,
                "Interview med Gitte og Nils fra Park og Vej om dialogarbejdet.",
            ),
            (
                D(2016, 9, 24),
                JournalKind.OBSERVATION,
                "Oprydningsdag i Horbelev: kommunen stillede med grej og afhentning, borgerne "
                "gjorde arbejdet.",
            ),
            (
                D(2016, 11, 15),
                JournalKind.LAERING,
                "Portrættet skrevet færdigt; seks elementer af et samskabende mindset udledt.",
            ),
        ],
        "quotes": [
            # Verbatim from the seed; Park og Vej's staff are named in the published report.
            (
                "Jeg er i tvivl om det her kommer til at fungere, men nu prøver vi det og hvis det "
                "ikke virker, så prøver vi noget andet.",
                "medarbejder, Park og Vej",
                "Nils Rasmussen",
            ),
        ],
    },
    {
        "slug": "sundskolen-brobygning-fra-skole-til-uddannelse",
        "title": "Sundskolen: brobygning fra skole til uddannelse",
        "unit": "Sundskolen",
        "welfare_area": WelfareArea.BOERN_OG_UNGE,
        "track": Track.FIND_OG_FORSTOER,
        "status": CaseStatus.AFSLUTTET,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 9, 5),
        "end_date": D(2016, 9, 5) + HUNDRED_DAYS,
        "spread_from": "nordbyskolen-brobygning-fra-boernehave-til-skole",
        "summary": (
            "Sundskolen samarbejder med ungdomsuddannelserne og vejledningen om overgangen "
            "efter folkeskolen, så færre unge lander mellem to stole."
        ),
        "story": (
            "Nogle unge kommer ikke videre efter 9. eller 10. klasse og ender i et "
            "mellemrum, hvor ingen institution rigtig har ansvaret. Sundskolen tog idéen om "
            "brobygning fra Nordbyskolens arbejde med skolestarten og brugte den i den "
            "anden ende af skoleforløbet.\n\n"
            "Eleverne prøver uddannelserne af, mens de endnu går i skole, lærere og "
            "vejledere følger de unge sammen, og de unge bliver spurgt om, hvad der ville "
            "hjælpe dem. Ingen af parterne kan løse problemet alene, og det ved de."
        ),
        "criteria": [OUTSIDE_IN, MOBILISATION, CROSS],
        "flags": [],
        "step": Step.AFFECTED_PARTIES,
        "principles": [
            "frivilligraadet-gensidig-afhaengighed",
            "resonans-udvid-problemforstaaelsen",
        ],
        "grips": ["lad-opgaven-saette-holdet", "se-verden-fra-borgerens-stol"],
        "recipe_problem": "Unge, der falder fra mellem grundskole og ungdomsuddannelse.",
        "recipe_helpers": "Ungdomsuddannelserne, UU-vejledningen, forældre og de unge selv.",
        "recipe_motivation": "Færre frafald er et fælles mål for skole og uddannelser.",
        "recipe_arena": "Brobygningsforløb og fælles opfølgning på de unge, der er i risiko.",
        "outcomes": "Flere elever har prøvet en uddannelse af, før de skal vælge.",
        "learnings": (
            "En praksis kan rejse mellem skoler, når den bliver fortalt konkret. De unge vil "
            "gerne være en ressource, ikke et problem, der skal løses."
        ),
        "partners": [
            (
                "CELF – Center for erhvervsrettede uddannelser Lolland Falster",
                PartnerRole.UDDANNELSE,
            ),
            ("UU Guldborgsund", PartnerRole.ANDEN_OFFENTLIG),
        ],
        "journal": [
            (
                D(2016, 9, 20),
                JournalKind.MOEDE,
                "Møde med Sundskolens udskolingsteam og en vejleder fra UU.",
            ),
            (
                D(2016, 12, 1),
                JournalKind.LAERING,
                "Idéen kom fra Nordbyskolen; registreret som spredning.",
            ),
        ],
        "quotes": [
            (
                "Vi lånte idéen fra kollegerne på Nordbyskolen og vendte den om: nu bygger vi "
                "bro ud af skolen i stedet for ind i den.",
                "udskolingslærer, Sundskolen",
                "",
            ),
        ],
    },
    {
        "slug": "traeningsbane-praestemarken-plejecenter",
        "title": "Træningsbane: Præstemarken Plejecenter åbner for frivillige",
        "unit": "Præstemarken Plejecenter",
        "welfare_area": WelfareArea.AELDRE,
        "track": Track.TRAENINGSBANE,
        "status": CaseStatus.I_GANG,
        "visibility": Visibility.KLADDE,
        "start_date": D(2016, 10, 3),
        "end_date": D(2016, 10, 3) + HUNDRED_DAYS,
        "spread_from": "bakkehuset-plejecenter-frivillige-fra-aeldre-sagen",
        "summary": (
            "På Præstemarken prøver vi at sprede det, der virker på Bakkehuset: et "
            "samarbejde med frivillige, som personalet selv er med til at forme."
        ),
        "story": (
            "Træningsbanen skal vise, om man kan skubbe en ny praksis i gang ved at låne "
            "en god erfaring fra et andet sted. Præstemarken har enkelte medarbejdere, der "
            "allerede samarbejder med frivillige, men det hviler på dem alene.\n\n"
            "Sammen med Frivilligcenter Guldborgsund og Ældre Sagen holder vi workshops, hvor "
            "personalet selv formulerer, hvad frivillige kan bidrage med, og hvad der kræves "
            "af huset for at tage godt imod dem. Kolleger fra Bakkehuset fortæller, hvordan "
            "de gør."
        ),
        "criteria": [MOBILISATION, INNOVATION],
        "flags": [],
        "step": Step.VOLUNTEERS,
        "principles": ["resonans-led-gennem-processer", "frivilligraadet-nye-kvaliteter"],
        "grips": ["giv-de-frivillige-en-tydelig-rolle"],
        "recipe_problem": "Samarbejdet med frivillige afhænger af nogle få ildsjæle.",
        "recipe_helpers": "Frivilligcenter Guldborgsund, Ældre Sagen og kolleger fra Bakkehuset.",
        "recipe_motivation": "Personalet får aflastning og beboerne flere gode stunder.",
        "recipe_arena": "Tre workshops for hele personalegruppen og et fælles møde med frivillige.",
        "outcomes": "",
        "learnings": "Kolleger fra et andet plejecenter overbeviser bedre end en konsulent.",
        "partners": [
            ("Ældre Sagen", PartnerRole.FRIVILLIGE),
            ("Frivilligcenter Guldborgsund", PartnerRole.FORENING),
        ],
        "journal": [
            (
                D(2016, 10, 5),
                JournalKind.WORKSHOP,
                "Første workshop med personalet: hvad kunne frivillige gøre her?",
            ),
            (
                D(2016, 11, 2),
                JournalKind.WORKSHOP,
                "To medarbejdere fra Bakkehuset fortalte om deres erfaringer.",
            ),
        ],
        "quotes": [
            (
                "Det var først, da vi hørte dem fra Bakkehuset, at vi kunne se det for os.",
                "social- og sundhedsassistent, Præstemarken Plejecenter",
                "",
            ),
        ],
    },
    {
        "slug": "traeningsbane-aktivitet-og-udvikling",
        "title": "Træningsbane: Aktivitet og Udvikling spreder god praksis til kolleger",
        "unit": "Aktivitet og Udvikling",
        "welfare_area": WelfareArea.SOCIAL_OG_OMSORG,
        "track": Track.TRAENINGSBANE,
        "status": CaseStatus.AFSLUTTET,
        "visibility": Visibility.INTERN,
        "start_date": D(2016, 9, 19),
        "end_date": D(2016, 9, 19) + HUNDRED_DAYS,
        "summary": (
            "Nogle få medarbejdere i Aktivitet og Udvikling samarbejdede allerede med "
            "foreninger og frivillige. Træningsbanen skulle gøre deres praksis til hele "
            "teamets."
        ),
        "story": (
            "I Aktivitet og Udvikling var der solister: medarbejdere, der af sig selv havde "
            "fundet samarbejdspartnere i lokale foreninger og frivilliggrupper. Deres "
            "erfaringer var gode, men kollegerne kendte dem knap nok.\n\n"
            "Træningsbanen gav tid til, at solisterne kunne vise, hvad de gør, og at teamet "
            "sammen kunne vælge et par nye samarbejder at prøve af. Undervejs blev det "
            "tydeligt, at kulturforandring tager længere tid end 100 dage, men at de første "
            "skridt kan tages i det små."
        ),
        "criteria": [MOBILISATION, INNOVATION],
        "flags": [],
        "step": Step.VOLUNTEERS,
        "principles": ["resonans-led-gennem-processer", "resonans-understoet-arenaer"],
        "grips": ["start-smaat-og-kobl-paa-det-der-findes", "lad-opgaven-saette-holdet"],
        "recipe_problem": "God praksis bliver hos de få, der har fundet den.",
        "recipe_helpers": "Solisterne i teamet og Frivilligcenter Guldborgsund.",
        "recipe_motivation": "Anerkendelse af solisterne og mere meningsfulde tilbud til borgerne.",
        "recipe_arena": "Teammøder med fortællinger fra praksis og to små forsøg.",
        "outcomes": "To nye samarbejder med lokale foreninger og et team, der taler om dem.",
        "learnings": "Kulturforandring lader sig skubbe, men ikke skynde.",
        "partners": [("Frivilligcenter Guldborgsund", PartnerRole.FRIVILLIGE)],
        "journal": [
            (
                D(2016, 9, 27),
                JournalKind.WORKSHOP,
                "Solisterne fortalte om deres samarbejder; teamet valgte to forsøg.",
            ),
            (
                D(2016, 12, 20),
                JournalKind.LAERING,
                "Begge forsøg kører; teamet vil fortsætte uden konsulentstøtte.",
            ),
        ],
        "quotes": [
            (
                "Jeg troede, det jeg lavede, var min egen lille sidevej. Nu er det noget, vi "
                "gør sammen.",
                "medarbejder, Aktivitet og Udvikling",
                "",
            ),
        ],
    },
    {
        "slug": "facilitering-paragraf-17-stk-4-udvalget",
        "title": "Facilitering af §17, stk. 4-udvalget: politik skabt sammen med borgere",
        "unit": "Center for Borger & Branding",
        "welfare_area": WelfareArea.TVAERGAAENDE,
        "track": Track.FACILITERING,
        "status": CaseStatus.AFSLUTTET,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 9, 1),
        "end_date": D(2016, 9, 1) + HUNDRED_DAYS,
        "summary": (
            "Et opgaveudvalg, hvor politikere og eksterne deltagere arbejder sammen om et "
            "årligt tema. Faciliteringen hjalp dem med at arbejde i proces i stedet for at "
            "møde op med færdige holdninger."
        ),
        "story": (
            "Byrådet har siden 2014 haft et såkaldt §17, stk. 4-udvalg, hvor politikere og "
            "inviterede borgere og aktører arbejder sammen om et nyt tema hvert år. I "
            "faciliteringssporet fulgte vi udvalget i en længere proces.\n\n"
            "Arbejdsformen var ikke samskabelse i fuld forstand – temaet var fastlagt på "
            "forhånd – men den var en god øvelse i åbne samarbejdsformer. Politikerne "
            "beskriver det som uvant og til tider angstprovokerende at skulle danne sig "
            "meninger undervejs, og de eksterne deltagere fremhæver, at de blev mødt med "
            "respekt i et trygt forum. Erfaringerne peger frem mod nye politiske "
            "arbejdsformer efter kommunalvalget i 2017."
        ),
        "criteria": [OUTSIDE_IN, INNOVATION, CROSS],
        "flags": [PREPROGRAMMED],
        "step": Step.AFFECTED_PARTIES,
        "principles": [
            "resonans-led-gennem-processer",
            "frivilligraadet-dialog-om-problem-og-handling",
        ],
        "grips": ["del-dine-faglige-dilemmaer", "lad-opgaven-saette-holdet"],
        "recipe_problem": (
            "Politik skabes langt fra dem, den handler om, og borgerne møder byrådet med krav."
        ),
        "recipe_helpers": "Byrådsmedlemmer, borgere, foreninger og uddannelsesinstitutioner.",
        "recipe_motivation": "Indflydelse på et tema, der betyder noget for deltagerne.",
        "recipe_arena": "Udvalgets møder, tilrettelagt som workshops i stedet for debatter.",
        "outcomes": (
            "Større forståelse for hinandens virkelighed og et forslag om et forum for unge "
            "i mellemrummet mellem uddannelserne."
        ),
        "learnings": (
            "En motiverende formand gør en stor forskel. Næste gang bør temaet formuleres "
            "sammen med deltagerne, ikke før de kommer."
        ),
        "partners": [("Resonans", PartnerRole.VIRKSOMHED)],
        "journal": [
            (
                D(2016, 9, 8),
                JournalKind.WORKSHOP,
                "Første faciliterede møde: deltagerne formulerede spørgsmål i stedet for "
                "holdninger.",
            ),
            (
                D(2016, 11, 17),
                JournalKind.LAERING,
                "Interviews med formand, politikere og eksterne deltagere om deres erfaringer.",
            ),
        ],
        "quotes": [
            # Verbatim from the seed; the chair and the member are named in the report.
            (
                "Det kunne godt være de stående udvalg skulle vælge nogle andre arbejdsmetoder "
                "nogle gange.",
                "formand, §17, stk. 4-udvalget",
                "Lene Hatt",
            ),
            (
                "Det har været angstprovokerende at skulle kaste sig ud i noget ukendt.",
                "formand, §17, stk. 4-udvalget",
                "Lene Hatt",
            ),
            (
                "Hvis du har en der virkelig kan motivere holdet så opstår der noget positivt. "
                "Den motiverende faktor er meget vigtig.",
                "politisk medlem, §17, stk. 4-udvalget",
                "Peter Bring-Larsen",
            ),
            (
                "Meget glad for at være med. Stolt over det. Givende på en række punkter. Godt at "
                "møde politikere.",
                "ekstern deltager, §17, stk. 4-udvalget",
                "",
            ),
        ],
    },
]

OTHER_CASES = [
    {
        "municipality": "746",
        "slug": "skanderborg-playmakere",
        "title": "Skanderborg: playmakere, der spiller andre gode",
        "unit": "Playmaker-korpset",
        "welfare_area": WelfareArea.TVAERGAAENDE,
        "track": Track.TRAENINGSBANE,
        "status": CaseStatus.I_GANG,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2013, 1, 1),
        "end_date": None,
        "summary": (
            "Skanderborg har siden 2013 uddannet interne konsulenter til playmakere, der "
            "finder ressourcer hos alle og samler folk i fællesskaber, som giver mening."
        ),
        "story": (
            "I Skanderborgs tanke om Kommune 3.0 leverer kommunen ikke bare ydelser til "
            "borgerne. Medarbejderne bruger deres faglighed til at hjælpe borgerne med at "
            "finde løsninger, der holder. Playmakerne er kommunens interne konsulenter i den "
            "rolle: som på en håndboldbane er deres opgave at spille de andre fri.\n\n"
            "En playmaker arbejder på tværs af afdelinger, kobler borgere, foreninger og "
            "kolleger sammen og træner andre i at gøre det samme. Erfaringerne deles med "
            "andre kommuner, blandt andet på COK og KL's temadage."
        ),
        "criteria": [OUTSIDE_IN, MOBILISATION, INNOVATION, CROSS],
        "flags": [],
        "step": Step.EVERYONE_INITIATES,
        "principles": [
            "resonans-led-gennem-processer",
            "resonans-opgiv-initiativretten",
            "frivilligraadet-initiativ-og-deltagelse",
        ],
        "grips": ["lad-opgaven-saette-holdet"],
        "recipe_problem": "Velfærd forstås som ydelser, kommunen producerer alene.",
        "recipe_helpers": "Borgere, foreninger, virksomheder og kolleger på tværs.",
        "recipe_motivation": "Fællesskaber, der giver mening for dem, der er med.",
        "recipe_arena": "Playmakernes netværk og de lokale fællesskaber, de kobler sig på.",
        "outcomes": "Et korps af playmakere og en fælles tilgang på tværs af kommunen.",
        "learnings": "Rollen skal øves i praksis; en uddannelse alene gør det ikke.",
        "partners": [
            ("Foreninger og frivillige i Skanderborg", PartnerRole.FORENING),
            ("COK – Center for Offentlig Kompetenceudvikling", PartnerRole.UDDANNELSE),
        ],
        "journal": [
            (
                D(2016, 12, 12),
                JournalKind.WORKSHOP,
                "Fortalte om playmakerrollen og lavede øvelser med deltagerne på temadagen i "
                "Aarhus.",
            ),
        ],
        "quotes": [
            (
                "Jeg skal ikke score målene. Jeg skal sørge for, at de andre kommer til det.",
                "playmaker, Skanderborg Kommune",
                "",
            ),
        ],
    },
    {
        "municipality": "316",
        "slug": "holbaek-faelles-skabere",
        "title": "Holbæk: fælles-skabere bygger bro til lokalsamfundet",
        "unit": "Holbæk i Fællesskab",
        "welfare_area": WelfareArea.TVAERGAAENDE,
        "track": Track.FACILITERING,
        "status": CaseStatus.I_GANG,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 1, 1),
        "end_date": None,
        "summary": (
            "Et hold på 14 fælles-skabere fra kommunens kerneområder er bindeled mellem "
            "kommunen og lokalområderne – både når borgerne vil noget med kommunen, og "
            "omvendt."
        ),
        "story": (
            "Holbæk har valgt en organisationsmodel, Holbæk i Fællesskab, hvor kommunen "
            "skal være en stærk medspiller for borgere, virksomheder og lokalområder. "
            "Fælles-skaberne går forrest: de er udvalgt på tværs af velfærdsområderne og er "
            "hver især kontaktperson for et antal lokalområder.\n\n"
            "De viser vej i kommunen, kobler folk sammen og sætter skub i lokale idéer. "
            "Målet er, at alle medarbejdere med tiden arbejder sådan. Holbæk fortæller også "
            "ærligt om det svære: en så stor kulturændring kommer ikke af sig selv."
        ),
        "criteria": [OUTSIDE_IN, MOBILISATION, CROSS],
        "flags": [],
        "step": Step.EVERYONE_INITIATES,
        "principles": [
            "resonans-facilitering-frem-for-styring",
            "resonans-understoet-arenaer",
            "frivilligraadet-initiativ-og-deltagelse",
        ],
        "grips": ["start-smaat-og-kobl-paa-det-der-findes"],
        "recipe_problem": "Lokalområderne oplever kommunen som svær at komme i kontakt med.",
        "recipe_helpers": "Lokalråd, foreninger og borgere i lokalområderne.",
        "recipe_motivation": "En fast kontakt, der kender både området og kommunen.",
        "recipe_arena": "Møder i lokalområderne og fælles-skabernes eget netværk.",
        "outcomes": "Kortere vej fra lokal idé til kommunal opbakning.",
        "learnings": "Et udvalgt korps kan vise vejen, men alle skal med på sigt.",
        "partners": [("Lokalområderne i Holbæk Kommune", PartnerRole.BORGERE)],
        "journal": [
            (
                D(2016, 12, 9),
                JournalKind.WORKSHOP,
                "Fortalte om fælles-skaberne på temadagen i Herlev.",
            ),
        ],
        "quotes": [
            (
                "Jeg er bindeled, vejviser og katalysator – og somme tider bare den, der ved, "
                "hvem man skal ringe til.",
                "fælles-skaber, Aktiv hele livet",
                "",
            ),
        ],
    },
    {
        "municipality": "751",
        "slug": "aarhus-medborgerskabskatalog",
        "title": "Aarhus: erfaringer med aktivt medborgerskab samles i et katalog",
        "unit": "Netværk for medborgerskab på tværs af forvaltninger",
        "welfare_area": WelfareArea.TVAERGAAENDE,
        "track": Track.FIND_OG_FORSTOER,
        "status": CaseStatus.I_GANG,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 9, 1),
        "end_date": None,
        "summary": (
            "Medarbejdere fra alle forvaltninger deler erfaringer med at samarbejde med "
            "borgere og organisationer. Interviews og netværksmøder bliver til et katalog, "
            "der skal inspirere kolleger."
        ),
        "story": (
            "Aarhus har mange initiativer, hvor borgere og kommune arbejder sammen, men "
            "erfaringerne bliver ofte i den afdeling, der har gjort dem. Med hjælp fra "
            "konsulenthuset UKON samles medarbejdere på tværs til netværksmøder, og både "
            "medarbejdere og borgere interviewes om, hvad der virkede.\n\n"
            "Resultatet bliver et medborgerskabskatalog med konkrete eksempler, så andre kan "
            "se, hvordan de kan komme i gang."
        ),
        "criteria": [OUTSIDE_IN, CROSS],
        "flags": [],
        "step": Step.COMMUNITIES_OF_PRACTICE,
        "principles": ["resonans-vaer-responsiv", "frivilligraadet-flere-skaber-noget-nyt"],
        "grips": ["se-verden-fra-borgerens-stol"],
        "recipe_problem": "Gode erfaringer med medborgerskab spredes ikke.",
        "recipe_helpers": "Medarbejdere i alle forvaltninger, borgere og organisationer.",
        "recipe_motivation": "At blive set for det, man har gjort, og lære af andre.",
        "recipe_arena": "Netværksmøder på tværs af forvaltninger.",
        "outcomes": "Et katalog på vej og et netværk, der mødes fast.",
        "learnings": "Interviews med borgerne giver eksemplerne troværdighed.",
        "partners": [("UKON", PartnerRole.VIRKSOMHED)],
        "journal": [
            (
                D(2016, 10, 4),
                JournalKind.MOEDE,
                "Første netværksmøde med medarbejdere fra fem forvaltninger.",
            ),
        ],
        "quotes": [
            (
                "Vi vidste ikke, at kollegerne i den anden forvaltning havde prøvet præcis det "
                "samme.",
                "medarbejder, Aarhus Kommune",
                "",
            ),
        ],
    },
    {
        "municipality": "751",
        "slug": "aarhus-sager-der-samler",
        "title": "Aarhus: Sager der samler – borgerne starter selv",
        "unit": "Sager der samler",
        "welfare_area": WelfareArea.KULTUR_OG_FRITID,
        "track": Track.FIND_OG_FORSTOER,
        "status": CaseStatus.I_GANG,
        "visibility": Visibility.OFFENTLIG,
        "start_date": None,
        "end_date": None,
        "spread_from": None,
        "summary": (
            "Borgere, der søger fællesskab og mening, kan selv foreslå og samle folk om "
            "lokale sager. Kommunen skaber rammen, borgerne tager initiativet."
        ),
        "story": (
            "Mange borgere vil gerne have mere direkte indflydelse på det, der påvirker "
            "deres hverdag, og de vil gerne gøre noget sammen med andre. Sager der samler "
            "giver dem et sted at sætte noget i gang og finde medspillere.\n\n"
            "Kommunen står ikke i centrum; den holder rammen, hjælper med kontakter og "
            "træder til, hvor der er brug for det."
        ),
        "criteria": [OUTSIDE_IN, MOBILISATION, INNOVATION],
        "flags": [],
        "step": Step.EVERYONE_INITIATES,
        "principles": ["resonans-opgiv-initiativretten", "frivilligraadet-initiativ-og-deltagelse"],
        "grips": ["anerkend-det-borgerne-allerede-goer"],
        "recipe_problem": "Borgere vil bidrage, men ved ikke, hvor de skal begynde.",
        "recipe_helpers": "Borgergrupper, foreninger og kommunens medarbejdere.",
        "recipe_motivation": "Fællesskab og en sag, man selv brænder for.",
        "recipe_arena": "Et fælles sted, hvor sager kan foreslås og finde medspillere.",
        "outcomes": "",
        "learnings": "Kommunens rolle er at gøre det let – ikke at tage over.",
        "partners": [("Borgergrupper i Aarhus", PartnerRole.BORGERE)],
        "journal": [],
        "quotes": [],
    },
    {
        "municipality": "766",
        "slug": "hedensted-kulturudvikling-samskabelse",
        "title": "Hedensted: kulturudvikling gør samskabelse til en del af hverdagen",
        "unit": "Ledere og medarbejdere i hele kommunen",
        "welfare_area": WelfareArea.TVAERGAAENDE,
        "track": Track.TRAENINGSBANE,
        "status": CaseStatus.I_GANG,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 10, 1),
        "end_date": None,
        "summary": (
            "Et kulturudviklingsforløb, der ruster ledere og medarbejdere til at inddrage "
            "borgere, virksomheder og civilsamfund – med overblik og en praktisk værktøjskasse."
        ),
        "story": (
            "Hedensted vil være bedre til at skabe velfærd sammen med andre. Forløbet "
            "arbejder på tre niveauer: i den direkte kontakt med borgeren, i samarbejdet med "
            "frivillige og netværk, og når politik og prioriteringer skal lægges sammen med "
            "borgerne.\n\n"
            "Deltagerne får et analytisk blik for, hvor samskabelse giver mening, og "
            "konkrete værktøjer, de kan tage med hjem i hverdagen."
        ),
        "criteria": [MOBILISATION, INNOVATION, CROSS],
        "flags": [],
        "step": Step.COMMUNITIES_OF_PRACTICE,
        "principles": ["resonans-led-gennem-processer", "frivilligraadet-nye-kvaliteter"],
        "grips": ["lad-opgaven-saette-holdet", "start-smaat-og-kobl-paa-det-der-findes"],
        "recipe_problem": "Samskabelse sker tilfældigt og uden strategisk retning.",
        "recipe_helpers": "Ledere, medarbejdere, frivillige og eksterne konsulenter.",
        "recipe_motivation": "Bedre resultater i kerneopgaven og værktøjer, der virker.",
        "recipe_arena": "Forløbsdage med opgaver, der afprøves i egen praksis imellem.",
        "outcomes": "",
        "learnings": "Værktøjerne skal passe til hverdagen, ellers bliver de ikke brugt.",
        "partners": [("UKON", PartnerRole.VIRKSOMHED)],
        "journal": [
            (
                D(2016, 10, 12),
                JournalKind.WORKSHOP,
                "Første forløbsdag for ledere: hvor giver samskabelse mening hos os?",
            ),
        ],
        "quotes": [
            (
                "Vi skal ikke samskabe alt – men vi skal vide, hvornår det er det rigtige.",
                "leder, Hedensted Kommune",
                "",
            ),
        ],
    },
    {
        "municipality": "573",
        "slug": "varde-samskabelseseksperimenter",
        "title": "Varde: ledere trænes til at lede samskabelse gennem eksperimenter",
        "unit": "Politikere, ledere og fagspecialister",
        "welfare_area": WelfareArea.TVAERGAAENDE,
        "track": Track.TRAENINGSBANE,
        "status": CaseStatus.I_GANG,
        "visibility": Visibility.OFFENTLIG,
        "start_date": D(2016, 11, 1),
        "end_date": D(2017, 10, 31),
        "summary": (
            "Politikere, ledere og fagspecialister lærer at skabe betingelser for samarbejde "
            "på tværs, mens små samskabte eksperimenter giver både resultater og læring."
        ),
        "story": (
            "Varde vil samarbejde mere på tværs – internt og med frivillige, foreninger, "
            "borgere og virksomheder. Et executive-forløb træner gennem et år en række "
            "nøglepersoner i at designe og lede komplekse samskabelsesprocesser.\n\n"
            "Samtidig sættes konkrete eksperimenter i gang, så læringen sker i praksis. "
            "Varde deler også erfaringer i COK's netværk med Kolding, Ikast-Brande og "
            "Aalborg, hvor kommunerne afprøver mini-eksperimenter og kigger hinanden over "
            "skulderen."
        ),
        "criteria": [MOBILISATION, INNOVATION, CROSS],
        "flags": [],
        "step": Step.AFFECTED_PARTIES,
        "principles": [
            "frivilligraadet-aabenhed-og-risikovillighed",
            "resonans-led-gennem-processer",
        ],
        "grips": ["start-smaat-og-kobl-paa-det-der-findes"],
        "recipe_problem": "Samarbejdet på tværs er for svagt til at løse komplekse opgaver.",
        "recipe_helpers": "Politikere, ledere, fagspecialister og lokale aktører.",
        "recipe_motivation": "Bedre resultater i kerneydelsen og plads til at prøve noget nyt.",
        "recipe_arena": "Executive-forløbet og de konkrete eksperimenter.",
        "outcomes": "",
        "learnings": (
            "Ledere skal være risikovillige og tålmodige, og tidsrammen skal være realistisk."
        ),
        "partners": [
            ("UKON", PartnerRole.VIRKSOMHED),
            ("COK – Center for Offentlig Kompetenceudvikling", PartnerRole.UDDANNELSE),
        ],
        "journal": [
            (
                D(2016, 11, 15),
                JournalKind.BESLUTNING,
                "Første tre eksperimenter udvalgt sammen med deltagerne i forløbet.",
            ),
        ],
        "quotes": [
            (
                "Det er grænseoverskridende at sætte noget i gang uden at vide, hvor det ender.",
                "afdelingsleder, Varde Kommune",
                "",
            ),
        ],
    },
]

CASES = [{"municipality": "376", **case} for case in GULDBORGSUND_CASES] + OTHER_CASES
