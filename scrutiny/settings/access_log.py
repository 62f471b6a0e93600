"""What production serving adds to Gunicorn: one JSON line per request, for a log system."""

import json
import time

from gunicorn import glogging


class JsonAccessLogger(glogging.Logger):
    """Gunicorn's logger, with each request's access line written as one JSON object.

    Gunicorn's own access format pastes values into a template unescaped, so a quotation
    mark in a path or a user agent would break a JSON line; ``json.dumps`` cannot.
    """

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "remote": environ.get("REMOTE_ADDR", ""),
            "method": environ.get("REQUEST_METHOD", ""),
            "path": environ.get("PATH_INFO", ""),
            "query": environ.get("QUERY_STRING", ""),
            "status": int(status),
            "bytes": getattr(resp, "sent", None) or 0,
            "ms": round(request_time.total_seconds() * 1000, 1),
            "agent": environ.get("HTTP_USER_AGENT", ""),
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))
