"""Names vulture reports as unused that are used, for `make lint` (never imported).

Vulture counts a name as used wherever it is read, so naming one here hides it
everywhere: list only names that are used by a caller vulture cannot see, each with why.
Dead code is deleted, not listed here.
"""

# The context-manager protocol passes the exception to ZipReader.__exit__
# (scrutiny/backup/zip_archives.py), which closes the file and lets it propagate.
exc_info

# The signal module calls a handler with the signal's number and the interrupted frame;
# the render's watch on its parent (scrutiny/documents/limits.py) needs neither.
signum
frame

# django-axes calls its lockout callable with the request, the response it would have sent
# and the credentials tried, by position; the sign-in page saying why it is paused
# (scrutiny/kernel/accounts.py locked_out) reads the form from the request instead.
original_response
credentials

# Gunicorn calls its logger's access(resp, req, environ, request_time) by position; the
# JSON access line (scrutiny/settings/access_log.py) reads the request from environ.
req

# pytest-django's fixtures, asked for by name for what they do (database access, the
# test database made before a module-scoped fixture uses it), not for their value.
db
django_db_setup

# Fixtures a test asks for by name for what they set up: an appendix uploaded to the demo
# report (tests/meetings/test_documents.py) and every kind of record filled in on the demo
# meeting (tests/test_accessibility.py).
appendix_upload
filled_in

# Django's File.chunks(chunk_size=None) signature, kept by the failing file a storage
# test passes to default_storage.save (tests/scrutiny/test_uploads.py).
chunk_size
