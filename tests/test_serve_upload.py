"""The upload page of ``diklat serve`` (issue 16 part 9), spoken to over HTTP as a
browser's form does: a real server on a free loopback port, real files. A ticket opened
by the participant's session stores one file; what is not what its name says, a spent
or made-up ticket and a body over the limit store nothing, and the page says why."""

from __future__ import annotations

import asyncio

import attachment_files as files
import pytest
from browser_support import serving
from factories import World, complete, count

from diklat.domain import attachments as rules
from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.services import attachments, stages

pytestmark = pytest.mark.sqlite_only  # the server's pages; the service runs on both in
# test_attachments.py

IMPL = Stage.IMPLEMENTATION


def ticket(world: World, slot: str = "M1") -> str:
    return attachments.open_ticket(world.db, world.actor("P1"), world.enrolments["P1"], IMPL, slot)


@pytest.fixture
def design(world: World) -> World:
    stages.save_draft(world.db, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN,
                      complete(Stage.DESIGN))  # fmt: skip
    return world


async def _get(url: str) -> tuple[int, str, dict[str, str]]:
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(url) as page:
        return page.status, await page.text(), dict(page.headers)


async def _post(url: str, name: str, data: bytes, mime: str = "application/octet-stream"):
    import aiohttp

    form = aiohttp.FormData(quote_fields=False)  # as a browser names the file
    form.add_field("file", data, filename=name, content_type=mime)
    async with aiohttp.ClientSession() as http, http.post(url, data=form) as page:
        return page.status, await page.text()


def get(url: str) -> tuple[int, str, dict[str, str]]:
    return asyncio.run(_get(url))


def post(url: str, name: str, data: bytes) -> tuple[int, str]:
    return asyncio.run(_post(url, name, data))


def live(world: World) -> list[attachments.AttachmentInfo]:
    return attachments.list_attachments(world.db, world.actor("P1"), world.enrolments["P1"], IMPL)


def test_a_ticket_stores_one_real_file_and_refuses_the_rest(design: World) -> None:
    world = design
    token = ticket(world)
    with serving(world.path) as (url, proc):
        page = url + "upload/" + token
        status, text, headers = get(page)
        assert status == 200
        assert (
            "For Peserta Satu: Leadership laboratory (implementation), milestone “Formulir daring”."
            in text
        )
        assert "at most 10.0 MB" in text and "PDF" in text and "Word document (DOCX)" in text
        assert 'type="file"' in text and "<script" not in text
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"
        csp = headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp

        # A photo called a PDF: refused in words, the form again, nothing stored, and
        # the waiting session learns why.
        status, text = post(page, "foto.pdf", files.image("PNG"))
        assert status == 400
        assert "Not stored" in text
        assert "foto.pdf: its content is a PNG image" in text
        assert 'type="file"' in text
        assert live(world) == []
        state = attachments.ticket_state(world.db, world.actor("P1"), token)
        assert state.waiting and state.refusal.key == "attach.name_mismatch"

        # A real PDF: stored as sent, the ticket spent.
        pdf = files.pdf("SK Kepala Dinas nomor 12")
        status, text = post(page, "SK kepala dinas.pdf", pdf)
        assert status == 200, text
        assert "Stored" in text and "SK kepala dinas.pdf — PDF" in text
        assert "Return to the diklat tab" in text and 'type="file"' not in text
        (added,) = live(world)
        assert (added.slot, added.filename, added.kind, added.size) == (
            "M1", "SK kepala dinas.pdf", "pdf", len(pdf)
        )  # fmt: skip
        assert attachments.fetch(world.db, world.actor("C1"), added.id).data == pdf
        assert attachments.ticket_state(world.db, world.actor("P1"), token).added == added

        # The spent ticket, and one nobody opened, store nothing.
        for spent in (page, url + "upload/made-up-" + "x" * 40):
            status, text = post(spent, "lagi.pdf", files.pdf())
            assert status == 404
            assert "This upload link has been used or has expired" in text
            assert 'type="file"' not in text
            assert get(spent)[0] == 404
        assert count(world.db, "attachments") == 1
        assert proc.poll() is None


def test_a_body_over_the_limit_is_refused_and_nothing_is_stored(design: World) -> None:
    world = design
    token = ticket(world)
    with serving(world.path) as (url, proc):
        page = url + "upload/" + token
        # Past what the page reads at all: refused unread, with the file's name.
        huge = b"%PDF-1.7\n" + bytes(rules.MAX_BYTES + 200 * 1024)
        status, text = post(page, "pindaian.pdf", huge)
        assert status == 413
        assert "pindaian.pdf: it is 10.2 MB, more than the limit of 10.0 MB per file" in text
        assert 'type="file"' in text  # another file may be chosen
        state = attachments.ticket_state(world.db, world.actor("P1"), token)
        assert state.waiting and state.refusal.key == "attach.too_big"
        assert state.refusal.params["name"] == "pindaian.pdf"
        # Just over the limit: read, then refused by the rules, which tell the session.
        over = b"%PDF-1.7\n" + bytes(rules.MAX_BYTES - 8)
        status, text = post(page, "besar.pdf", over)
        assert status == 413
        assert "besar.pdf: it is 10.0 MB, more than the limit of 10.0 MB" in text
        state = attachments.ticket_state(world.db, world.actor("P1"), token)
        assert state.waiting and state.refusal.key == "attach.too_big"
        assert count(world.db, "attachments") == 0
        # A file of exactly the limit is taken.
        status, text = post(page, "pas.pdf", b"%PDF-1.7\n" + bytes(rules.MAX_BYTES - 9))
        assert status == 200, text
        assert [a.size for a in live(world)] == [rules.MAX_BYTES]
        assert proc.poll() is None


def test_a_post_that_is_not_a_form_with_a_file_is_refused(design: World) -> None:
    import aiohttp

    world = design
    token = ticket(world)

    async def scenario(page: str) -> list[tuple[int, str]]:
        out = []
        async with aiohttp.ClientSession() as http:
            async with http.post(page, data=b"%PDF-1.7 raw") as answer:
                out.append((answer.status, await answer.text()))
            # what a browser sends when the form is submitted with no file chosen
            form = aiohttp.MultipartWriter("form-data")
            form.append(b"").set_content_disposition("form-data", name="file", filename="")
            async with http.post(page, data=form) as answer:
                out.append((answer.status, await answer.text()))
        return out

    with serving(world.path) as (url, _):
        (raw, raw_text), (empty, empty_text) = asyncio.run(scenario(url + "upload/" + token))
    assert raw == 400 and "did not arrive whole" in raw_text
    assert empty == 400 and "Choose a file first" in empty_text
    assert count(world.db, "attachments") == 0
    assert attachments.ticket_state(world.db, world.actor("P1"), token).waiting


def test_tries_from_one_address_are_capped_per_minute(design: World) -> None:
    from diklat.serve.server import UPLOADS_PER_MINUTE

    world = design
    token = ticket(world)

    async def scenario(url: str) -> list[tuple[int, str]]:
        import aiohttp

        out = []
        async with aiohttp.ClientSession() as http:
            for page in [url + "upload/made-up"] * UPLOADS_PER_MINUTE + [url + "upload/" + token]:
                form = aiohttp.FormData(quote_fields=False)
                form.add_field("file", files.pdf(), filename="sk.pdf")
                async with http.post(page, data=form) as answer:
                    out.append((answer.status, await answer.text()))
        return out

    with serving(world.path) as (url, _):
        answers = asyncio.run(scenario(url))
    assert {status for status, _ in answers[:-1]} == {404}
    status, text = answers[-1]
    assert status == 429 and "Too many uploads from your address" in text
    assert 'type="file"' in text and "Peserta Satu" in text  # the ticket is still good
    assert count(world.db, "attachments") == 0


async def _stalled_upload(world: World, monkeypatch, token: str, *, hang_up: bool) -> str:
    """A body that stops half-way on a server in this process (its idle bound made
    short); what the server answered, if the client stayed."""
    from aiohttp.test_utils import TestServer

    from diklat.serve import server as served

    monkeypatch.setattr(served, "UPLOAD_IDLE_SECONDS", 0.2)
    diklat = served.DiklatServer(served.Settings(db_url=world.db.url))
    async with TestServer(await diklat._make_app(), host="127.0.0.1") as http:
        reader, writer = await asyncio.open_connection("127.0.0.1", http.port)
        head = (
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="sk.pdf"\r\n'
            b"Content-Type: application/pdf\r\n\r\n%PDF-1.7 and then nothing more"
        )
        writer.write(
            f"POST /upload/{token} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n\r\n".encode()
            + head
        )
        await writer.drain()
        answer = b""
        if hang_up:
            writer.close()
        else:
            answer = await reader.read()  # the server closes once it has answered
            writer.close()
        async with asyncio.timeout(30):
            while diklat.uploads.open:  # its place among the few at once is given back
                await asyncio.sleep(0.05)
    return answer.decode("utf-8", "replace")


async def test_an_upload_that_stops_arriving_gives_its_place_back(design: World, monkeypatch):
    world = design
    token = ticket(world)
    answer = await _stalled_upload(world, monkeypatch, token, hang_up=False)
    assert answer.startswith("HTTP/1.1 408")
    assert t("serve.upload.stalled") in answer  # in this process's language
    await _stalled_upload(world, monkeypatch, token, hang_up=True)
    assert count(world.db, "attachments") == 0
    assert attachments.ticket_state(world.db, world.actor("P1"), token).waiting
