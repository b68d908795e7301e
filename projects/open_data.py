"""/open-data/: the public cases described as a dataset in the DCAT-AP-DK way, so a
municipality can list them on its open data portal (opendata.dk and other CKAN portals
harvest DCAT): a page for people and /open-data/dcat.jsonld (JSON-LD) for the harvester.

Both describe what an anonymous visitor may download: the public cases, as CSV, XLSX and
JSON (projects/exports.py) and through the API. /open-data/ itself answers JSON-LD to a client
whose Accept header prefers it. `?municipality=<kommunekode>` narrows the
dataset to one municipality's cases, with that municipality as publisher. The licence,
publisher and contact point come from the settings (OPEN_DATA_*)."""

from django.conf import settings
from django.db.models import Max
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from samskabelse.models import Municipality

from . import exports, selectors

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
JSONLD = "application/ld+json"
EU = "http://publications.europa.eu/resource/authority"
IANA = "http://www.iana.org/assignments/media-types"
# The EU file-type authority's name for each download.
FILE_TYPES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON"}
KEYWORDS = ("samskabelse", "co-creation", "kommuner", "velfærd", "frivillige", "medborgerskab")


def _municipality(request):
    """The municipality named by ?municipality=, None without one; 404 for an unknown code."""
    code = request.GET.get("municipality", "").strip()
    if not code:
        return None
    try:
        return Municipality.objects.get(code=code)
    except Municipality.DoesNotExist:
        raise Http404 from None


def dataset(request, municipality=None):
    """What the page and the JSON-LD say, as plain values: the public cases (of one
    municipality, if given) and where to get them."""
    public = selectors.cases_visible_to(None)
    query = ""
    if municipality is not None:
        public = public.filter(municipality=municipality)
        query = "?" + urlencode({"municipality": municipality.code})
    modified = public.aggregate(modified=Max("updated_at"))["modified"]
    absolute = request.build_absolute_uri
    downloads = [
        {
            "format": file_format,
            "title": FILE_TYPES[file_format],
            "url": absolute(reverse(f"projects:export_{file_format}")) + query,
            "media_type": exports.CONTENT_TYPES[file_format].split(";")[0],
        }
        for file_format in exports.FORMATS
    ]
    title = _("Co-creation cases")
    publisher = {"name": settings.OPEN_DATA_PUBLISHER_NAME, "url": settings.OPEN_DATA_PUBLISHER_URL}
    if municipality is not None:
        title = f"{title}: {municipality.name}"
        publisher = {"name": municipality.name, "url": None}
    return {
        "id": absolute(reverse("open_data:index")) + query,
        "title": title,
        "description": _(
            "The public co-creation cases of Danish municipalities: what was tried together "
            "with citizens, volunteers, associations and businesses, with the assessment, "
            "the partners and the everyday grips used."
        ),
        "publisher": publisher,
        "license": {"url": settings.OPEN_DATA_LICENSE_URL, "name": settings.OPEN_DATA_LICENSE_NAME},
        "contact_email": settings.OPEN_DATA_CONTACT_EMAIL,
        "modified": modified,
        "count": public.count(),
        "keywords": KEYWORDS,
        "landing_page": absolute(reverse("projects:index")) + query,
        "downloads": downloads,
        "api": {
            "url": absolute(reverse("case-export")) + query,
            "endpoint": absolute(reverse("api-root")),
            "description": absolute(reverse("api-schema")),
        },
        "jsonld": absolute(reverse("open_data:dcat")) + query,
    }


def _text(value):
    return {"@value": str(value), "@language": get_language() or settings.LANGUAGE_CODE}


def _link(url):
    return {"@id": url}


def dcat_document(description):
    """The dataset as a DCAT catalogue with one dataset, in JSON-LD."""
    license_link = _link(description["license"]["url"])
    publisher = {"@type": "foaf:Organization", "foaf:name": description["publisher"]["name"]}
    if description["publisher"]["url"]:
        publisher["foaf:homepage"] = _link(description["publisher"]["url"])
    distributions = [
        {
            "@id": download["url"],
            "@type": "dcat:Distribution",
            "dct:title": download["title"],
            "dcat:accessURL": _link(download["url"]),
            "dcat:downloadURL": _link(download["url"]),
            "dcat:mediaType": _link(f"{IANA}/{download['media_type']}"),
            "dct:format": _link(f"{EU}/file-type/{FILE_TYPES[download['format']]}"),
            "dct:license": license_link,
        }
        for download in description["downloads"]
    ]
    api = description["api"]
    distributions.append(
        {
            "@id": api["url"],
            "@type": "dcat:Distribution",
            "dct:title": "API",
            "dct:description": _text(_("The REST API: the same cases, filterable, as JSON.")),
            "dcat:accessURL": _link(api["url"]),
            "dcat:mediaType": _link(f"{IANA}/application/json"),
            "dct:license": license_link,
            "dcat:accessService": {
                "@type": "dcat:DataService",
                "dct:title": "Samskabelse API",
                "dcat:endpointURL": _link(api["endpoint"]),
                "dcat:endpointDescription": _link(api["description"]),
            },
        }
    )
    dataset_node = {
        "@id": description["id"] + "#cases",
        "@type": "dcat:Dataset",
        "dct:title": _text(description["title"]),
        "dct:description": _text(description["description"]),
        "dct:publisher": publisher,
        "dct:license": license_link,
        "dct:language": _link(f"{EU}/language/DAN"),
        "dcat:theme": _link(f"{EU}/data-theme/SOCI"),
        "dcat:keyword": list(description["keywords"]),
        "dcat:landingPage": _link(description["landing_page"]),
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": description["publisher"]["name"],
            "vcard:hasEmail": _link(f"mailto:{description['contact_email']}"),
        },
        "dcat:distribution": distributions,
    }
    if description["modified"] is not None:
        dataset_node["dct:modified"] = {
            "@value": description["modified"].isoformat(),
            "@type": "xsd:dateTime",
        }
    return {
        "@context": CONTEXT,
        "@id": description["jsonld"],
        "@type": "dcat:Catalog",
        "dct:title": _text(description["title"]),
        "dct:description": _text(description["description"]),
        "dct:publisher": publisher,
        "dct:license": license_link,
        "dcat:dataset": [dataset_node],
    }


@vary_on_headers("Accept")
def index(request):
    """The page; a harvester that asks for JSON-LD (Accept) gets the DCAT document here too."""
    if request.get_preferred_type(["text/html", JSONLD]) == JSONLD:
        return dcat(request)
    description = dataset(request, _municipality(request))
    return render(
        request,
        "projects/open_data.html",
        {"dataset": description, "columns": exports.COLUMNS},
    )


def dcat(request):
    document = dcat_document(dataset(request, _municipality(request)))
    return JsonResponse(
        document,
        content_type=JSONLD,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


app_name = "open_data"
urlpatterns = [
    path("", index, name="index"),
    path("dcat.jsonld", dcat, name="dcat"),
]
