"""Text every format can carry: the one rule for control characters, at input and output.

Text pasted from a word processor brings C0 control characters with it: a vertical tab
for a line break, a form feed for a page break, and now and then others. XML 1.0 (the
Atom feed) cannot hold them at all, iCalendar forbids them, and in a PDF they show as
nothing or as boxes. Forms and the archive import pass text through this rule, so new
records hold none; feeds, calendars and PDFs pass it through again for older records.
"""

from typing import TypeVar

T = TypeVar("T")

# Tab, newline and carriage return are text (browsers send a textarea's lines as CR LF).
# A vertical tab or form feed is a break the writer meant: it becomes a newline. The
# other C0 characters mean nothing to a reader and are removed.
_CONTROL_CHARACTERS = {code: None for code in range(0x20) if chr(code) not in "\t\n\r"}
_CONTROL_CHARACTERS.update({ord("\v"): "\n", ord("\f"): "\n"})


def without_control_characters(text: T) -> T:
    """``text`` with vertical tabs and form feeds made newlines and the other C0 control
    characters (all but tab, newline and carriage return) removed. Anything but a string
    (a number, None, a date sent as itself) is returned as it is."""
    return text.translate(_CONTROL_CHARACTERS) if isinstance(text, str) else text
