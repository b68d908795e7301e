"""Cases as the API shows them, built as plain dicts from a few lean queries.

`CaseSerializer` declares the shape (it is what the OpenAPI schema and the tests read);
this module builds the same JSON without a model instance or a serializer field per value:
one query for the cases' own columns, one per list they hold, each for the whole page at once,
so a page costs the same number of queries whatever its size, and a row costs a dict.
tests/projects/test_representation.py holds the two to the same output.
"""

from collections import defaultdict

from django.db import models
from django.urls import reverse
from rest_framework.fields import DateTimeField

from .models import (
    Case,
    CasePartner,
    CaseStatus,
    PartnerRole,
    Photo,
    Quote,
    Step,
    Track,
    Visibility,
    WelfareArea,
)

SCALARS = (
    "pk",
    "slug",
    "title",
    "summary",
    "story",
    "municipality__code",
    "municipality__name",
    "unit",
    "welfare_area",
    "track",
    "status",
    "visibility",
    "start_date",
    "end_date",
    "outside_in",
    "mobilisation",
    "innovation",
    "cross_disciplinary",
    "flag_finished_solution",
    "flag_preprogrammed",
    "flag_cost_cutting",
    "step",
    "recipe_problem",
    "recipe_helpers",
    "recipe_motivation",
    "recipe_arena",
    "outcomes",
    "learnings",
    "created_at",
    "updated_at",
)


def _labels(choices):
    """{value: label} in the active language, once per page rather than once per value."""
    return {value: str(label) for value, label in choices.choices}


def _grouped(rows):
    """[(case_id, item), …] → {case_id: [item, …]}, keeping the rows' order."""
    groups = defaultdict(list)
    for case_id, item in rows:
        groups[case_id].append(item)
    return groups


class CaseRepresentation:
    """Builds the representation of the cases with the given ids, as `request`'s viewer may
    see them: a case spread to or from one they may not see does not name it."""

    def __init__(self, *, request, visible):
        self.request = request
        self.visible = visible
        # The page address of a case is the same up to its slug: reversed once.
        marker = "slug-marker"
        path = reverse("projects:case", args=[marker])
        self.url_head, self.url_tail = self._absolute(path).split(marker)
        self.datetime = DateTimeField()
        self.labels = {
            "welfare_area": _labels(WelfareArea),
            "track": _labels(Track),
            "status": _labels(CaseStatus),
            "visibility": _labels(Visibility),
            "step": _labels(Step),
            "role": _labels(PartnerRole),
        }

    def _absolute(self, path):
        return self.request.build_absolute_uri(path) if self.request is not None else path

    def many(self, ids):
        """The cases with these ids, in the order of `ids`."""
        ids = list(ids)
        if not ids:
            return []
        # The case it spread from is named only when the viewer may see that case too.
        spread_from = self.visible.filter(pk=models.OuterRef("spread_from_id")).values("slug")
        rows = {
            row["pk"]: row
            for row in Case.objects.filter(pk__in=ids).values(
                *SCALARS, spread_from_slug=models.Subquery(spread_from[:1])
            )
        }
        relations = self._relations(ids)
        return [self._case(rows[pk], relations) for pk in ids if pk in rows]

    def one(self, pk):
        cases = self.many([pk])
        return cases[0] if cases else None

    def _relations(self, ids):
        through_principles = Case.principles.through.objects.filter(case_id__in=ids)
        through_grips = Case.grips.through.objects.filter(case_id__in=ids)
        return {
            "principles": _grouped(
                through_principles.order_by("principle__source", "principle__name").values_list(
                    "case_id", "principle__slug"
                )
            ),
            "grips": _grouped(
                through_grips.order_by("grip__title").values_list("case_id", "grip__slug")
            ),
            "partners": _grouped(
                (case_id, (name, role))
                for case_id, name, role in CasePartner.objects.filter(case_id__in=ids)
                .order_by("organisation__name")
                .values_list("case_id", "organisation__name", "role")
            ),
            "quotes": _grouped(
                (case_id, (text, speaker_role, speaker_name))
                for case_id, text, speaker_role, speaker_name in Quote.objects.filter(
                    case_id__in=ids
                )
                .annotate(
                    public_name=models.Case(
                        models.When(name_consent_at__isnull=False, then=models.F("speaker_name")),
                        default=models.Value(""),
                    )
                )
                .values_list("case_id", "text", "speaker_role", "public_name")
            ),
            "photos": _grouped(
                (case_id, (image, alt_text, caption))
                for case_id, image, alt_text, caption in Photo.objects.filter(
                    case_id__in=ids
                ).values_list("case_id", "image", "alt_text", "caption")
            ),
            "spread_to": _grouped(
                self.visible.filter(spread_from_id__in=ids)
                .order_by(*Case._meta.ordering)
                .values_list("spread_from_id", "slug")
            ),
        }

    def _photo_url(self, name):
        if not name:
            return None
        return self._absolute(Photo._meta.get_field("image").storage.url(name))

    def _case(self, row, relations):
        pk, labels = row["pk"], self.labels
        start, end = row["start_date"], row["end_date"]
        return {
            "slug": row["slug"],
            "url": f"{self.url_head}{row['slug']}{self.url_tail}",
            "title": row["title"],
            "summary": row["summary"],
            "story": row["story"],
            "municipality": {
                "kommunekode": row["municipality__code"],
                "name": row["municipality__name"],
            },
            "unit": row["unit"],
            "welfare_area": row["welfare_area"],
            "welfare_area_display": labels["welfare_area"].get(row["welfare_area"]),
            "track": row["track"],
            "track_display": labels["track"].get(row["track"]),
            "status": row["status"],
            "status_display": labels["status"].get(row["status"]),
            "visibility": row["visibility"],
            "visibility_display": labels["visibility"].get(row["visibility"]),
            "start_date": start.isoformat() if start else None,
            "end_date": end.isoformat() if end else None,
            "assessment": {
                "criteria": {
                    "outside_in": row["outside_in"],
                    "mobilisation": row["mobilisation"],
                    "innovation": row["innovation"],
                    "cross_disciplinary": row["cross_disciplinary"],
                },
                "red_flags": {
                    "finished_solution": row["flag_finished_solution"],
                    "preprogrammed": row["flag_preprogrammed"],
                    "cost_cutting": row["flag_cost_cutting"],
                },
            },
            "step": row["step"],
            "step_display": labels["step"].get(row["step"]),
            "principles": relations["principles"].get(pk, []),
            "grips": relations["grips"].get(pk, []),
            "recipe": {
                "problem": row["recipe_problem"],
                "helpers": row["recipe_helpers"],
                "motivation": row["recipe_motivation"],
                "arena": row["recipe_arena"],
            },
            "outcomes": row["outcomes"],
            "learnings": row["learnings"],
            "partners": [
                {"organisation": name, "role": role, "role_display": labels["role"].get(role)}
                for name, role in relations["partners"].get(pk, [])
            ],
            "quotes": [
                {"text": text, "speaker_role": speaker_role, "speaker_name": name or None}
                for text, speaker_role, name in relations["quotes"].get(pk, [])
            ],
            "photos": [
                {"url": self._photo_url(image), "alt_text": alt_text, "caption": caption}
                for image, alt_text, caption in relations["photos"].get(pk, [])
            ],
            "spread_from": row["spread_from_slug"],
            "spread_to": relations["spread_to"].get(pk, []),
            "created_at": self.datetime.to_representation(row["created_at"]),
            "updated_at": self.datetime.to_representation(row["updated_at"]),
        }
