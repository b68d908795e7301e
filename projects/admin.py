from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samskabelse.admin_services import ServiceAdmin, call_refusing

from . import services
from .models import (
    AgeGroup,
    AreaPopulation,
    Attachment,
    Case,
    CasePartner,
    CaseRevision,
    CaseSlugRedirect,
    CitizenVoice,
    Grip,
    JournalEntry,
    LocalArea,
    Photo,
    Principle,
    Quote,
    VoiceTheme,
)


class CasePartnerInline(admin.TabularInline):
    model = CasePartner
    autocomplete_fields = ["organisation"]
    extra = 0


class QuoteInlineForm(forms.ModelForm):
    """A new quote goes through services.add_quote (a name only with consent); a stored
    quote's name is tied to the consent recorded for it, so it is not edited here."""

    name_consent = forms.BooleanField(
        label=_("The speaker agreed that the name is shown"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["speaker_name"].disabled = True
            self.fields["name_consent"].disabled = True


class QuoteInline(admin.StackedInline):
    model = Quote
    form = QuoteInlineForm
    extra = 0
    fields = ["text", "speaker_role", "speaker_name", "name_consent", "name_consent_at"]
    readonly_fields = ["name_consent_at"]


class PhotoInlineForm(forms.ModelForm):
    """Every uploaded file goes through services.clean_photo, as on the case page: only
    real JPEG, PNG and WebP images, re-encoded so location (EXIF/GPS) never gets stored."""

    people_consent = forms.BooleanField(
        label=_("The people in the photo have agreed that it is shown"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.people_consent_at:
            self.fields["people_consent"].disabled = True
            self.fields["people_consent"].initial = True

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if "image" in self.changed_data and image:
            try:
                return services.clean_photo(image)
            except ValidationError as error:
                raise ValidationError(error.message_dict.get("image", error.messages)) from error
        return image


class PhotoInline(admin.TabularInline):
    model = Photo
    form = PhotoInlineForm
    extra = 0
    fields = ["image", "alt_text", "caption", "people_consent", "people_consent_at"]
    readonly_fields = ["people_consent_at"]


class JournalEntryInline(admin.TabularInline):
    model = JournalEntry
    extra = 0
    fields = ["date", "kind", "text", "author"]
    autocomplete_fields = ["author"]


class AttachmentInline(admin.TabularInline):
    """Files are attached on the case page, where their content is checked
    (services.add_attachment); here they are listed and may be deleted (the file goes too)."""

    model = Attachment
    extra = 0
    fields = ["title", "file", "journal_entry", "content_type", "size", "uploaded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CaseSlugRedirectInline(admin.TabularInline):
    """The case's old addresses, each answering with a redirect to the current one."""

    model = CaseSlugRedirect
    extra = 0


class CaseRevisionInline(admin.TabularInline):
    model = CaseRevision
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "changed_fields"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ServiceAdmin):
    """Saves go through services.create_case/update_case (who may edit, the revision
    history); quotes and photos through their services' rules (name consent, photo
    cleaning); anything shown on the case marks it as changed for caches."""

    list_display = [
        "title",
        "municipality",
        "track",
        "welfare_area",
        "status",
        "visibility",
        "updated_at",
    ]
    list_filter = ["track", "welfare_area", "status", "visibility", "step", "municipality__region"]
    list_select_related = ["municipality"]
    search_fields = ["title", "summary", "unit", "municipality__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipality", "consultants", "spread_from"]
    filter_horizontal = ["principles", "grips"]
    date_hierarchy = "updated_at"
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]
    inlines = [
        CasePartnerInline,
        QuoteInline,
        PhotoInline,
        AttachmentInline,
        JournalEntryInline,
        CaseSlugRedirectInline,
        CaseRevisionInline,
    ]

    def save_model(self, request, obj, form, change):
        many = ("consultants", "principles", "grips")
        if not change:
            fields = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in form.cleaned_data and name != "municipality"
            }
            case = call_refusing(
                services.create_case,
                user=request.user,
                municipality=form.cleaned_data["municipality"],
                **{"slug": obj.slug, **fields},
            )
            obj.pk, obj._state.adding = case.pk, False
            return
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in form.cleaned_data and name not in many
        }
        for name in many:
            if name in form.changed_data:
                changes[name] = list(form.cleaned_data[name])
        stored = Case.objects.get(pk=obj.pk)
        call_refusing(services.update_case, user=request.user, case=stored, **changes)

    def save_formset(self, request, form, formset, change):
        case = form.instance
        if formset.model is Quote:
            self._save_quotes(request, case, formset)
        elif formset.model is Photo:
            self._save_photos(request, formset)
        else:
            super().save_formset(request, form, formset, change)
        if formset.has_changed():
            services.touch_cases(case.pk)

    def _save_quotes(self, request, case, formset):
        for quote_form in formset.forms:
            quote = quote_form.instance
            if quote_form in formset.deleted_forms or not quote_form.has_changed():
                continue
            if quote.pk is None:
                data = quote_form.cleaned_data
                call_refusing(
                    services.add_quote,
                    user=request.user,
                    case=case,
                    text=data["text"],
                    speaker_role=data["speaker_role"],
                    speaker_name=data.get("speaker_name", ""),
                    name_consent=data.get("name_consent", False),
                )
            else:
                quote.save()
        _delete_marked(formset)

    def _save_photos(self, request, formset):
        for photo_form in formset.forms:
            photo = photo_form.instance
            if photo_form in formset.deleted_forms or not photo_form.has_changed():
                continue
            if photo.pk is None:
                photo.uploaded_by = request.user
            if photo_form.cleaned_data.get("people_consent") and not photo.people_consent_at:
                photo.people_consent_at = timezone.now()
            photo.save()
        _delete_marked(formset)


def _delete_marked(formset):
    formset.deleted_objects = [form.instance for form in formset.deleted_forms if form.instance.pk]
    for instance in formset.deleted_objects:
        instance.delete()
    # What the admin's history entry reads (normally set by formset.save()).
    formset.new_objects, formset.changed_objects = [], []


@admin.register(Grip)
class GripAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["name", "source"]
    list_filter = ["source"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    list_display = ["case", "date", "kind", "author"]
    list_filter = ["kind", "date"]
    list_select_related = ["case", "author"]
    search_fields = ["text", "case__title"]
    autocomplete_fields = ["case", "author"]


@admin.register(VoiceTheme)
class VoiceThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AreaPopulationFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """An age group twice in one area is refused here: a new area's rows are checked
        against each other before the area exists, where the constraint cannot see them."""
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            age_group = form.cleaned_data.get("age_group")
            if age_group in seen:
                form.add_error(
                    "age_group", AreaPopulation._meta.constraints[0].violation_error_message
                )
            seen.add(age_group)


class AreaPopulationInline(admin.TabularInline):
    """One row per age group: the inhabitants the pattern page compares the voices with."""

    model = AreaPopulation
    formset = AreaPopulationFormSet
    extra = len(AgeGroup)
    max_num = len(AgeGroup)


@admin.register(LocalArea)
class LocalAreaAdmin(admin.ModelAdmin):
    """A municipality's local areas (names citizens choose from on the voice form) and their
    inhabitants per age group. Names are unique within a municipality, counts are not negative
    (both checked by the models' constraints)."""

    list_display = ["name", "municipality", "inhabitants"]
    list_filter = ["municipality__region", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality"]
    inlines = [AreaPopulationInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(total_inhabitants=Sum("populations__inhabitants"))

    @admin.display(description=_("inhabitants"), ordering="total_inhabitants")
    def inhabitants(self, local_area):
        return local_area.total_inhabitants or 0


@admin.register(CitizenVoice)
class CitizenVoiceAdmin(ServiceAdmin):
    """Voices come from the public form with consent; staff moderate them with the actions,
    which call services.moderate_voice (the themes chosen here go with an approval)."""

    list_display = ["__str__", "local_area", "status", "submitted_at"]
    list_filter = ["status", "themes", "municipality__region"]
    list_select_related = ["municipality", "local_area"]
    search_fields = ["text", "area"]
    filter_horizontal = ["themes"]
    readonly_fields = [
        "status",
        "age_group",
        "area",
        "local_area",
        "consent_at",
        "consent_version",
        "submitted_at",
        "moderated_by",
        "moderated_at",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def _moderate(self, request, queryset, approve):
        return self.run_for_each(
            request,
            queryset.prefetch_related("themes"),
            lambda voice: services.moderate_voice(
                user=request.user, voice=voice, approve=approve, themes=list(voice.themes.all())
            ),
            lambda count: (
                (
                    ngettext("%(count)d voice approved.", "%(count)d voices approved.", count)
                    if approve
                    else ngettext("%(count)d voice rejected.", "%(count)d voices rejected.", count)
                )
                % {"count": count}
            ),
        )

    @admin.action(description=_("Approve the selected voices with their themes"))
    def approve(self, request, queryset):
        self._moderate(request, queryset, approve=True)

    @admin.action(description=_("Reject the selected voices"))
    def reject(self, request, queryset):
        self._moderate(request, queryset, approve=False)
