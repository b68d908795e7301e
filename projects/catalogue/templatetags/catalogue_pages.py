"""Template helpers for a catalogue spread."""

from django import template

from projects.models import Case
from projects.templatetags.case_pages import RED_FLAGS

register = template.Library()


@register.simple_tag
def red_flags(case):
    """All three red flags with whether each is raised: [(label, raised)]."""
    return [
        (str(Case._meta.get_field(name).verbose_name), getattr(case, name)) for name in RED_FLAGS
    ]
