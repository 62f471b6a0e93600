class ServiceError(Exception):
    """A request the current state of the records does not allow; the message says why."""
