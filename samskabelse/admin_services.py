"""The Django admin as one more front end of the services (STYLE.md): a rule-bound change
made in an admin form or action is carried out by the service that owns the rule, and a
refusal becomes an admin error message, never a 500.

A refusal while a change form is saved rolls back everything that form wrote, because
the admin saves a form inside one transaction: `refuse` raises out of it, and
`ServiceAdmin.changeform_view` turns that into the error message and shows the form's
page again."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from .exceptions import DomainError

SERVICE_ERRORS = (DomainError, ValidationError)


def error_text(error):
    """The domain message of a service's refusal, as one line."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error.message)


class Refused(Exception):
    """A service refused the change a form asked for; nothing of the form is kept."""

    def __init__(self, error):
        self.text = error_text(error)
        super().__init__(self.text)


def call_refusing(service, /, **kwargs):
    """Call a service from save_model/save_formset; a refusal undoes the whole form."""
    try:
        return service(**kwargs)
    except SERVICE_ERRORS as error:
        raise Refused(error) from error


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record only the services write (the outbox, the anonymisation log): the admin
    shows it, and nobody adds, changes or deletes a row here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and actions go through services. Fields named in
    `service_fields` are left out of the plain save: the subclass's save_model hands them
    to their service."""

    service_fields = ()

    def save_model(self, request, obj, form, change):
        """A change writes only the columns the form changed, so a status or count that a
        service wrote meanwhile (a cancellation, a promotion) is never overwritten with
        the copy the form was loaded from."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        columns = {field.name for field in obj._meta.concrete_fields}
        changed = [
            name
            for name in form.changed_data
            if name in columns and name not in self.service_fields
        ]
        if changed:
            stamps = [
                field.name
                for field in obj._meta.concrete_fields
                if getattr(field, "auto_now", False)
            ]
            obj.save(update_fields=[*changed, *stamps])

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refused:
            self.message_user(request, refused.text, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def run_for_each(self, request, queryset, service, done, **kwargs):
        """An action: `service(obj, **kwargs)` for each selected object, each in its own
        transaction. `done(count)` is the message for those that went through; each
        refusal is reported with the object it concerns."""
        count = 0
        for obj in queryset:
            try:
                service(obj, **kwargs)
            except SERVICE_ERRORS as error:
                self.message_user(request, f"{obj}: {error_text(error)}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done(count), messages.SUCCESS)
        return count
