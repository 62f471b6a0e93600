"""The document pipeline: a document's HTML laid out as a tagged PDF, in parts when long,
under time and memory limits, queued and stored so that no reader waits on a render; and
the checks every uploaded PDF passes."""
