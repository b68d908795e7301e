"""Drive the real Django admin from tests: read a change form as the browser would send it,
change some fields, post it back."""

from html.parser import HTMLParser

from django.contrib.messages import get_messages
from django.urls import reverse


class _FormFields(HTMLParser):
    """The name/value pairs a browser would submit for the page's main form."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._select = None
        self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._in_form = attrs.get("id", "").endswith("_form")
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button", "file", "image"}:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name and "disabled" not in attrs:
            self._select = name
            self.data.setdefault(name, [] if "multiple" in attrs else "")
        elif tag == "option" and self._select and "selected" in attrs:
            value = attrs.get("value", "")
            if isinstance(self.data[self._select], list):
                self.data[self._select].append(value)
            else:
                self.data[self._select] = value
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.lstrip("\n") if not self.data[self._textarea] else data
            )


def form_data(client, url):
    """The admin form at `url` as the browser would post it unchanged."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.data


def post_changed(client, url, **changes):
    """Post the admin form at `url` with `changes` applied; follow the redirect."""
    data = form_data(client, url)
    data.update(changes)
    return client.post(url, data, follow=True)


def messages_of(response):
    """(level, text) of the messages the (followed) admin page showed."""
    shown = (
        response.context["messages"] if response.context else get_messages(response.wsgi_request)
    )
    return [(message.level_tag, str(message)) for message in shown]


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def add_url(model):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def changelist_url(model):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def act(client, model, action, objects):
    """Run the changelist action `action` on `objects`."""
    return client.post(
        changelist_url(model),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )
