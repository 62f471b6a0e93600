class ServiceError(Exception):
    """A request the current state of the records does not allow; the message says why."""


def in_one_line(error: Exception) -> str:
    """An error's own words for a refusal to quote in a sentence: the first line only,
    without PostgreSQL's DETAIL lines (which hold the refused row's values)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0].rstrip(".")
