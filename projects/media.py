"""Uploaded photos and attached files, served only to those who may see their case.

Every file under MEDIA_URL is answered here: the photo is looked up by its stored name and
its case checked against `cases_visible_to(viewer)`, so a draft case's photo is as private
as the case. A photo the viewer may not see answers 404, exactly like one that does not
exist. In production (MEDIA_ACCEL_REDIRECT=1) Django only decides: the answer carries an
`X-Accel-Redirect` to nginx's internal location (deploy/nginx.conf), and nginx sends the
file from the shared media volume. Elsewhere (DEBUG, tests) the file is streamed from here.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .models import Attachment, Photo, Visibility
from .selectors import can_see_journal, cases_visible_to

# Public photos may be kept by browsers and shared caches for an hour: long enough to spare
# the workers, short enough that a case taken back to draft stops showing soon after.
PUBLIC_MAX_AGE = 60 * 60
# nginx's `internal` location for the media volume (deploy/nginx.conf).
INTERNAL_MEDIA_PREFIX = "/internal-media/"
# Where attached files are stored (Attachment.file's upload_to).
ATTACHMENTS_PREFIX = "attachments/"


@require_safe
def serve(request, name):
    if name.startswith(ATTACHMENTS_PREFIX):
        return serve_attachment(request, name)
    photos = Photo.objects.filter(image=name)
    # A public case's photo is the same for everyone, so it is answered without looking at
    # the session: no `Vary: Cookie`, and shared caches may keep it.
    public = photos.filter(case__visibility=Visibility.OFFENTLIG).exists()
    if not public and not photos.filter(case__in=cases_visible_to(request.user)).exists():
        raise Http404
    response = _file_response(name)
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def serve_attachment(request, name):
    """An attached file: to those who may see its case (and, for a journal note's file, the
    journal), always as a download and never kept by shared caches."""
    attachment = (
        Attachment.objects.filter(file=name, case__in=cases_visible_to(request.user))
        .select_related("case")
        .first()
    )
    if attachment is None or (
        attachment.journal_entry_id and not can_see_journal(request.user, attachment.case)
    ):
        raise Http404
    response = _file_response(name, content_type=attachment.content_type)
    filename = name.rsplit("/", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def _file_response(name, content_type=None):
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = INTERNAL_MEDIA_PREFIX + quote(name)
        return response
    try:
        file = default_storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(file, content_type=content_type)
