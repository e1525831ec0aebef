"""The upload form, and the private folder an upload is kept in between check and import.

A checked file waits in ``DATA_DIR/uploads/<sha256>/<its name>``: identified by its hash,
so the import writes exactly the file that was checked, and outside every static or media
folder, so it is never served. It is removed once imported or rejected; a checked file
nobody confirms is removed after ``KEEP_CHECKED_FILES_FOR``.
"""

import contextlib
import hashlib
import re
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.text import get_valid_filename

from doorstep.core.labels import label
from doorstep.imports.datasets import DATASETS
from doorstep.imports.reading import file_sha256

DEFAULT_UPLOAD_LIMIT_MB = 200
KEEP_CHECKED_FILES_FOR = timedelta(days=1)
_SHA256 = re.compile(r"[0-9a-f]{64}")
# The datasets as the page names them, in import order: "Safety checks".
DATASET_LABELS = {name: label(name) for name in DATASETS}


def upload_limit_mb() -> int:
    """The largest file the browser may upload, from the IMPORT_UPLOAD_MAX_MB setting."""
    return getattr(settings, "IMPORT_UPLOAD_MAX_MB", DEFAULT_UPLOAD_LIMIT_MB)


class UploadForm(forms.Form):
    dataset = forms.ChoiceField(
        label="What does the file hold?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the file holds",
            "invalid_choice": "Select what the file holds from the list",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV (UTF-8) or Excel workbook (.xlsx). Nothing is written until you "
        "have seen the check and confirmed.",
        # An empty file gets the importer's own message, like every other unreadable file.
        allow_empty_file=True,
        error_messages={"required": "Select a CSV or Excel file to upload"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = list(DATASET_LABELS.items())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = upload_limit_mb()
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                f"The file must be smaller than {limit} MB: split it into several files, or "
                "import it with the doorstep import command"
            )
        return upload


def upload_folder() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def keep_upload(upload) -> Path:
    """Save an uploaded file in the private upload folder; the path ends in its own name."""
    folder = upload_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, prefix=".upload-") as copy:
        for chunk in upload.chunks():
            digest.update(chunk)
            copy.write(chunk)
    kept = folder / digest.hexdigest() / _safe_name(upload.name)
    kept.parent.mkdir(mode=0o700, exist_ok=True)
    Path(copy.name).replace(kept)
    return kept


def _safe_name(name: str) -> str:
    name = get_valid_filename(Path(name or "upload").name)[-120:]
    return name if name not in {"", ".", ".."} else "upload"


def kept_file(*, sha256: str, file_name: str) -> Path | None:
    """The checked file with this hash, if it is still kept and still what was checked."""
    if not _SHA256.fullmatch(sha256 or ""):
        return None
    path = upload_folder() / sha256 / _safe_name(file_name)
    if not path.is_file() or file_sha256(path) != sha256:
        return None
    return path


def forget(path: Path) -> None:
    """Remove a kept file (and its hash folder once empty)."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # another file with the same contents is waiting
        path.parent.rmdir()


def forget_stale_uploads(*, now: float | None = None) -> None:
    """Remove checked files nobody confirmed within KEEP_CHECKED_FILES_FOR."""
    folder = upload_folder()
    if not folder.is_dir():
        return
    oldest = (now or time.time()) - KEEP_CHECKED_FILES_FOR.total_seconds()
    for entry in folder.iterdir():
        if entry.stat().st_mtime < oldest:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
