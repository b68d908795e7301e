"""Template helpers for the case pages: the plain-language assessment, the picture of
samskabelsestrappen, history field names and one-per-line text."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.models import Case, Step
from samskabelse.markdown import render_markdown

register = template.Library()

CRITERIA = ["outside_in", "mobilisation", "innovation", "cross_disciplinary"]
RED_FLAGS = ["flag_finished_solution", "flag_preprogrammed", "flag_cost_cutting"]


def _label(name):
    return str(Case._meta.get_field(name).verbose_name)


@register.simple_tag
def case_assessment(case):
    """Whether this is samskabelse, from the four criteria and the three red flags:
    {"summary": sentence, "criteria": [(label, met)], "flags": [labels raised]}."""
    criteria = [(_label(name), getattr(case, name)) for name in CRITERIA]
    flags = [_label(name) for name in RED_FLAGS if getattr(case, name)]
    met = sum(1 for _name, is_met in criteria if is_met)
    if met == len(CRITERIA):
        summary = _("This meets all four criteria for samskabelse.")
    elif met == 0:
        summary = _("None of the four criteria for samskabelse is marked as met yet.")
    else:
        summary = _("This meets %(count)d of the four criteria for samskabelse.") % {"count": met}
    if flags:
        warning = ngettext(
            "Caution: %(count)d red flag is raised, a sign that this may not be samskabelse.",
            "Caution: %(count)d red flags are raised, a sign that this may not be samskabelse.",
            len(flags),
        ) % {"count": len(flags)}
    else:
        warning = ""
    return {"summary": summary, "warning": warning, "criteria": criteria, "flags": flags}


@register.inclusion_tag("projects/_staircase.html")
def staircase(current, id_prefix=""):
    """Samskabelsestrappen as a picture of five rising steps, the current one highlighted.
    `id_prefix` keeps the picture's ids unique on a page with several (the catalogue)."""
    steps = []
    for value, label in Step.choices:
        steps.append(
            {
                "number": value,
                "label": label,
                "current": value == current,
                # Step n is a column n units tall, rising from the bottom-left.
                "x": (value - 1) * 60,
                "y": 200 - value * 40,
                "height": value * 40,
                "text_y": 200 - value * 40 + 28,
            }
        )
    current_label = dict(Step.choices).get(current, "")
    return {
        "steps": steps,
        "current": current,
        "current_label": current_label,
        "id_prefix": id_prefix,
    }


def _history_actions():
    """What a history line says for a change to something hanging on the case."""
    return {
        "created": _("created the case"),
        "journal.changed": _("edited a journal entry"),
        "journal.deleted": _("deleted a journal entry"),
        "photo.changed": _("edited a photo"),
        "photo.deleted": _("deleted a photo"),
        "quote.changed": _("edited a quote"),
        "quote.deleted": _("deleted a quote"),
        "partner.changed": _("changed a partner's role"),
        "partner.deleted": _("removed a partner"),
        "attachment.added": _("attached a file"),
        "attachment.deleted": _("deleted an attached file"),
    }


@register.filter
def field_label(name):
    """The readable name of a case field in the history, or of what was done ("created the
    case", "deleted a photo")."""
    action = _history_actions().get(name)
    if action:
        return action
    try:
        return _label(name)
    except FieldDoesNotExist:
        return name


@register.filter
def lines(text):
    """One-per-line text (good questions, do's, don'ts) as a list without blank lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def markdown(text):
    """Markdown as sanitised HTML, cleaned as meeting minutes are (samskabelse/markdown.py)."""
    return render_markdown(text)
