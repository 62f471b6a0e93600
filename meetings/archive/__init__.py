"""One meeting and everything under it as a single file, to move it to another database.

``meeting_export`` (writing.py) writes the archive; ``meeting_import`` (reading.py) reads
it into any database with the app's tables. What an archive holds, and how its records
are matched with the records already in the other database, is in contents.py.
"""

from .reading import ImportSummary, meeting_import
from .writing import ExportSummary, meeting_export

__all__ = ["ExportSummary", "ImportSummary", "meeting_export", "meeting_import"]
