"""Checks of the files a citizen uploads with a portal request (proof of a discount, of a change
of holder, photos of a leak): only PDF, JPEG and PNG, recognised by their first bytes and not only
by their name, each one under a size limit, a few per request."""

import os

MAX_FILE_SIZE = 10 * 1024 * 1024  # 10 MB
MAX_FILES = 5
# extension -> (mimetype, leading bytes of such a file)
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}

# error codes returned by check_file
EMPTY, TOO_BIG, BAD_TYPE = "empty", "too_big", "bad_type"


def check_file(filename, content, max_size=None):
    """``(mimetype, None)`` when the file may be attached, ``(None, error_code)`` otherwise.

    The extension must be an allowed one and the content must start like such a file
    (a renamed ``.exe`` is refused)."""
    if not content:
        return None, EMPTY
    if len(content) > (max_size or MAX_FILE_SIZE):
        return None, TOO_BIG
    extension = os.path.splitext((filename or "").lower())[1]
    if extension not in ALLOWED:
        return None, BAD_TYPE
    mimetype, signatures = ALLOWED[extension]
    if not content.startswith(signatures):
        return None, BAD_TYPE
    return mimetype, None


def clean_filename(filename):
    """The file's own name without any folder part a browser may send, never empty."""
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    return name[:200] or "archivo"
