"""The PDF renderer fetches nothing outside the app's own static and media files."""

import http.server
import io
import threading

import pypdf
import pytest
from django.conf import settings

from scrutiny.documents.pdf import render_pdf

SITE = "http://testserver/"


@pytest.fixture
def local_server():
    """An HTTP server on loopback that records every request it gets."""
    requests = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


def document(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Test</title></head><body><h1>Report</h1>{body}</body></html>"
    )


def test_files_servers_and_metadata_addresses_are_refused(local_server, caplog):
    server_url, requests = local_server
    pdf = render_pdf(
        document(
            '<img src="file:///etc/passwd" alt="">'
            '<link rel="attachment" href="file:///etc/hostname">'
            f'<img src="{server_url}/tracker.png" alt="">'
            '<img src="http://169.254.169.254/latest/meta-data/" alt="">'
            f'<link rel="stylesheet" href="{server_url}/evil.css">'
        ),
        base_url=SITE,
    )
    assert requests == []
    assert b"root:" not in pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    refused = " ".join(record.getMessage() for record in caplog.records)
    for url in ["file:///etc/passwd", "file:///etc/hostname", server_url, "169.254.169.254"]:
        assert url in refused


def test_the_apps_own_static_files_and_data_urls_are_used():
    stylesheet = f"{SITE}static/css/print.css"
    pdf = render_pdf(
        document(
            f'<link rel="stylesheet" href="{stylesheet}">'
            '<img alt="" src="data:image/gif;base64,'
            'R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=">'
        ),
        base_url=SITE,
    )
    assert pypdf.PdfReader(io.BytesIO(pdf)).pages


def test_a_path_that_climbs_out_of_the_static_folder_is_refused(caplog):
    render_pdf(document(f'<img alt="" src="{SITE}static/../../../../etc/passwd">'), base_url=SITE)
    assert "refused" in caplog.text.lower()


def test_a_file_url_inside_the_static_folder_is_allowed(caplog):
    path = settings.BASE_DIR / "static" / "css" / "print.css"
    render_pdf(document(f'<link rel="stylesheet" href="{path.as_uri()}">'), base_url=SITE)
    assert "refused" not in caplog.text.lower()
