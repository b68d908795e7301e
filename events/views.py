"""Citizen pages for theme days: list, archive, event page with registration, receipt,
manage link, calendar files and the newsletter. Thin views: parse, call a selector or a
service, render. Organiser pages live in organiser/views.py."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from samskabelse.exceptions import Busy, Conflict, DomainError, Unprocessable
from samskabelse.ratelimit import SubmissionLimit

from . import ics, selectors, services
from .forms import (
    ColleagueForm,
    EventFilterForm,
    RegistrationDetailsForm,
    RegistrationForm,
    SubscribeForm,
)
from .models import SEAT_STATUSES, Event, Occurrence, Registration, RegistrationStatus, Subscriber

EVENTS_PER_PAGE = 10
# A person registering a few colleagues never meets these.
REGISTRATION_LIMIT = SubmissionLimit("registrations", per_window=20)
SUBSCRIPTION_LIMIT = SubmissionLimit("subscriptions", per_window=20)
SUBMISSIONS_PER_WINDOW = REGISTRATION_LIMIT.per_window


def _too_many(form):
    form.add_error(
        None,
        _(
            "We have received several forms from you in a short time. Please wait a few "
            "minutes and try again."
        ),
    )


def _add_service_errors(form, error):
    """The service's field errors beside the fields; anything else above the form."""
    for field, field_errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, field_errors)


# Not "no-referrer": with it, browsers send `Origin: null` on the page's own POST forms
# (cancel, language switcher), which Django's CSRF check rightly refuses. "same-origin"
# keeps the token out of every Referer sent to another site.
MANAGE_LINK_REFERRER_POLICY = "same-origin"


def secret_page(view):
    """Pages reached by a secret link: never cached, never leaked in a Referer header to
    another site."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["Referrer-Policy"] = MANAGE_LINK_REFERRER_POLICY
        return response

    return wrapper


# --- Lists and calendar feeds -------------------------------------------------------------


def index(request):
    form = EventFilterForm(
        request.GET or None,
        cities=selectors.cities_with_upcoming_occurrences(),
        months=selectors.months_with_upcoming_occurrences(),
    )
    filters = form.filters()
    occurrences = selectors.upcoming_occurrences(filters)
    return _event_list(
        request,
        selectors.events_for_occurrences(occurrences),
        {"form": form, "filtered": bool(filters), "archive": False},
    )


def archive(request):
    events = selectors.events_for_occurrences(selectors.past_occurrences(), newest_first=True)
    return _event_list(request, events, {"archive": True})


def _event_list(request, events, context):
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context |= {
        "page_obj": page,
        "events": page.object_list,
        "query_string": query_string.urlencode(),
    }
    return render(request, "events/index.html", context)


def _calendar_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def feed(request):
    """/events.ics: every upcoming theme day, for a calendar subscription."""
    body = ics.feed_ics(selectors.upcoming_occurrences(), base_url=ics.site_url())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samskabelse-temadage.ics"'
    return response


def occurrence_calendar(request, slug, occurrence_id):
    """The public .ics of one occurrence: never the online link."""
    occurrence = _occurrence_or_404(slug, occurrence_id)
    body = ics.occurrence_ics(occurrence, base_url=ics.site_url(), include_online_url=False)
    return _calendar_response(body, f"{slug}-{occurrence_id}.ics")


# --- Event page and registration ----------------------------------------------------------


def _occurrence_or_404(slug, occurrence_id):
    try:
        return selectors.occurrence_of_event(slug=slug, occurrence_id=occurrence_id)
    except Occurrence.DoesNotExist:
        raise Http404 from None


def _registration_form(occurrence, municipalities, data=None):
    return RegistrationForm(
        data,
        municipalities=municipalities,
        municipality_required=occurrence.quota_holds(),
        prefix=f"occurrence-{occurrence.pk}",
    )


def event_detail(request, slug, *, bound_form=None, bound_occurrence_id=None, status=200):
    """The event page, with a registration form for every occurrence that is open. After a
    failed registration the submitted form is shown again beside its occurrence."""
    try:
        event = selectors.event_for_page(slug=slug, user=request.user)
    except Event.DoesNotExist:
        raise Http404 from None
    municipalities = selectors.municipality_choices()
    for occurrence in event.all_occurrences:
        occurrence.is_full = not occurrence.seats_left_count and not occurrence.waitlist_enabled
        occurrence.is_open = occurrence.registration_is_open() and not occurrence.is_full
        if occurrence.pk == bound_occurrence_id:
            occurrence.form = bound_form
        elif occurrence.is_open:
            occurrence.form = _registration_form(occurrence, municipalities)
    return render(request, "events/event_detail.html", {"event": event}, status=status)


@require_POST
def register(request, slug, occurrence_id):
    occurrence = _occurrence_or_404(slug, occurrence_id)
    form = _registration_form(occurrence, selectors.municipality_choices(), request.POST)
    status = 400
    if form.is_valid():
        if not REGISTRATION_LIMIT.allows(request):
            _too_many(form)
            status = 429
        elif form.is_from_a_robot():
            # A robot sees a receipt like a person's, so it learns nothing; nothing stored.
            REGISTRATION_LIMIT.count(request)
            return render(request, "events/receipt.html", {"registration": None})
        else:
            try:
                registration = services.register_participant(
                    occurrence=occurrence, **form.registration_fields()
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            except (Busy, Conflict, Unprocessable) as error:
                form.add_error(None, error.message)
                status = error.status_code
            else:
                REGISTRATION_LIMIT.count(request)
                return redirect("events:receipt", registration.manage_token)
    return event_detail(
        request, slug, bound_form=form, bound_occurrence_id=occurrence.pk, status=status
    )


def _registration_or_404(token):
    try:
        return selectors.registration_by_token(token)
    except Registration.DoesNotExist:
        raise Http404 from None


@secret_page
def receipt(request, token):
    registration = _registration_or_404(token)
    return render(
        request,
        "events/receipt.html",
        {
            "registration": registration,
            "waitlist_position": services.waitlist_position(registration),
            "waitlist_reason": services.waitlist_reason_text(registration),
            "colleagues": selectors.colleagues_registered_by(registration),
        },
    )


# --- Manage link (no login: the token is the key) -----------------------------------------


def _has_seat(registration):
    return registration.status in SEAT_STATUSES


def _is_changeable(registration):
    """Details can be changed and the registration cancelled until the day starts."""
    return (
        registration.status != RegistrationStatus.CANCELLED
        and registration.occurrence.starts_at > timezone.now()
    )


def _manage_context(registration):
    occurrence = registration.occurrence
    return {
        "registration": registration,
        "occurrence": occurrence,
        "event": occurrence.event,
        "waitlist_position": services.waitlist_position(registration),
        "waitlist_reason": services.waitlist_reason_text(registration),
    }


@secret_page
def manage(request, token, *, colleague_form=None, status=200):
    registration = _registration_or_404(token)
    occurrence = registration.occurrence
    cancelled = registration.status == RegistrationStatus.CANCELLED
    can_change = _is_changeable(registration)
    context = _manage_context(registration) | {
        "show_online_link": _has_seat(registration) and occurrence.is_online,
        "can_change": can_change,
        # After cancelling: where a new registration can still be made.
        "can_register_again": cancelled and occurrence.registration_is_open(),
        "other_dates": list(selectors.other_dates_with_free_seats(occurrence)) if cancelled else [],
        "colleagues": list(selectors.colleagues_registered_by(registration)),
        # The registrant may grow the group while registration is open (the service
        # says whether a seat allows it).
        "colleague_form": colleague_form
        or (
            ColleagueForm()
            if can_change
            and registration.registered_by_id is None
            and occurrence.registration_is_open()
            else None
        ),
    }
    return render(request, "events/manage.html", context, status=status)


@secret_page
@require_POST
def add_colleague(request, token):
    """The group's registrant adds a colleague; a refusal is shown on the manage page."""
    registration = _registration_or_404(token)
    form = ColleagueForm(request.POST)
    if form.is_valid():
        try:
            services.add_group_member(registration=registration, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s is added to your group and gets an email.")
                % {"name": form.cleaned_data["name"]},
            )
            return redirect("events:manage", token)
    return manage(request, token, colleague_form=form, status=400)


@secret_page
@require_POST
def remove_colleague(request, token, member_id):
    """The group's registrant cancels a colleague's registration."""
    registration = _registration_or_404(token)
    try:
        member = services.remove_group_member(registration=registration, member_id=member_id)
    except Registration.DoesNotExist:
        raise Http404 from None
    except Unprocessable as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s's registration is cancelled.") % {"name": member.name}
        )
    return redirect("events:manage", token)


@secret_page
@require_http_methods(["GET", "POST"])
def change_details(request, token):
    """The participant's own name, organisation, job title and needs."""
    registration = _registration_or_404(token)
    if not _is_changeable(registration):
        return redirect("events:manage", token)
    if request.method == "POST":
        form = RegistrationDetailsForm(request.POST)
        if form.is_valid():
            try:
                services.update_registration_details(registration=registration, **form.cleaned_data)
            except ValidationError as error:
                _add_service_errors(form, error)
            except Unprocessable as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your details have been changed."))
                return redirect("events:manage", token)
        status = 400
    else:
        initial = {field: getattr(registration, field) for field in services.DETAIL_FIELDS}
        form, status = RegistrationDetailsForm(initial=initial), 200
    context = _manage_context(registration) | {"form": form}
    return render(request, "events/manage_details.html", context, status=status)


@secret_page
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    """GET asks for confirmation and says what happens to the seat; only the POST cancels."""
    registration = _registration_or_404(token)
    if not _is_changeable(registration):
        return redirect("events:manage", token)
    if request.method == "POST":
        try:
            services.cancel_registration(registration=registration)
        except Unprocessable as error:
            messages.error(request, error.message)
        # On success the manage page itself says the registration is cancelled.
        return redirect("events:manage", token)
    return render(request, "events/manage_cancel.html", _manage_context(registration))


@secret_page
def manage_calendar(request, token):
    """The participant's .ics: with the online link once they have a seat."""
    registration = _registration_or_404(token)
    body = ics.occurrence_ics(
        registration.occurrence,
        base_url=ics.site_url(),
        include_online_url=_has_seat(registration),
    )
    return _calendar_response(body, f"{registration.occurrence.event.slug}.ics")


# --- Newsletter -----------------------------------------------------------------------------


def newsletter(request):
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if not SUBSCRIPTION_LIMIT.allows(request):
                _too_many(form)
                status = 429
            elif form.is_from_a_robot():
                SUBSCRIPTION_LIMIT.count(request)
                return redirect("events:newsletter_sent")
            else:
                try:
                    services.subscribe(
                        email=form.cleaned_data["email"], consent=form.cleaned_data["consent"]
                    )
                except ValidationError as error:
                    _add_service_errors(form, error)
                else:
                    SUBSCRIPTION_LIMIT.count(request)
                    return redirect("events:newsletter_sent")
    return render(request, "events/newsletter.html", {"form": form}, status=status)


def newsletter_sent(request):
    return render(request, "events/newsletter_sent.html")


@secret_page
def newsletter_confirm(request, token):
    try:
        subscriber = services.confirm_subscription(token=token)
    except Subscriber.DoesNotExist:
        raise Http404 from None
    return render(request, "events/newsletter_confirmed.html", {"subscriber": subscriber})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a CSRF token
@secret_page
def newsletter_unsubscribe(request, token):
    """GET shows one button; POST (the button, or a mail client's one-click) deletes the
    address. A repeated POST finds nothing left and answers the same, so a mail client's
    retry is harmless."""
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "events/newsletter_unsubscribe.html", {"unsubscribed": True})
    try:
        subscriber = selectors.subscriber_by_token(token)
    except Subscriber.DoesNotExist:
        raise Http404 from None
    return render(request, "events/newsletter_unsubscribe.html", {"subscriber": subscriber})
