"""The participants' view (issue 13 point 3): rendered once, own token, no route to a kernel."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from kimtools import serve
from kimtools.conference import create_conference
from kimtools.conference.follow import publish, read_state
from kimtools.conference.participants import recorded_findings, render_page, section_id
from kimtools.findings import open_register
from kimtools.findings.model import Finding

pytest_plugins = ["conference_fixtures", "serve_fixtures", "participants_fixtures"]


@pytest.fixture(scope="module")
def page(plan):
    return render_page(plan)


def _charts(page: str) -> dict[str, str]:
    """The SVG of each chart box by the section it is in (a case's id or "ueber-alle")."""
    found = {}
    for match in re.finditer(r'<section class="kim-(?:case|across)" id="([^"]+)".*?</section>',
                             page, re.S):
        svgs = re.findall(r'<div class="kim-chart"[^>]*>(<svg.*?</svg>)</div>', match.group(0),
                          re.S)
        assert len(svgs) == 1, match.group(1)
        found[match.group(1)] = svgs[0]
    return found


def test_one_section_per_case_in_agenda_order(plan, page):
    found = re.findall(r'<section class="kim-case" id="([^"]+)" data-case="([^"]+)"', page)
    assert [case for _, case in found] == plan.cases
    assert [sid for sid, _ in found] == [section_id(c) for c in plan.cases]
    assert len(plan.cases) == 6
    for case in plan.cases:
        assert f"TOP {plan.item_of(case).number} · " in page


def test_charts_are_drawn_once_as_svg_with_ids_of_their_own(plan, page):
    charts = _charts(page)
    assert set(charts) == {section_id(c) for c in plan.cases} | {"ueber-alle"}
    ids = re.findall(r'\bid="([^"]+)"', "".join(charts.values()))
    assert len(ids) == len(set(ids))  # Vega's "clip1" of one chart never clips another
    for sid, svg in charts.items():
        assert all(i.startswith(f"{sid}-") for i in re.findall(r'\bid="([^"]+)"', svg))
        assert all(r.startswith(f"{sid}-") for r in re.findall(r"url\(#([^)]+)\)", svg))
        assert "<text" in svg, sid
    for case in plan.cases:  # each chart is its own case's, titled with its pseudonym
        assert case in charts[section_id(case)]
    assert "<?xml" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    assert "https://" not in page
    # no chart library in the participant's browser: only the page's own script, inside it
    assert re.findall(r"<script[^>]*>", page) == ["<script>"]
    assert "<link" not in page


def test_page_text_is_german_and_escaped(page):
    assert '<html lang="de">' in page and "Folgen" in page and "Befunde bisher" in page


def test_page_is_one_document_its_script_allowed_by_hash_only(page):
    """Style and script inside the page: nothing to wait for before it shows the current case;
    the policy allows exactly this script, by its hash, and no other."""
    import base64
    import hashlib

    from kimtools.conference.participants import ASSETS, script_hash
    from kimtools.conference.server import content_security_policy

    script = (ASSETS / "teilnehmende.js").read_text(encoding="utf-8")
    assert f"<script>\n{script}</script>" in page
    assert (ASSETS / "teilnehmende.css").read_text(encoding="utf-8") in page
    expected = base64.b64encode(hashlib.sha256(f"\n{script}".encode()).digest()).decode()
    assert script_hash(page) == f"'sha256-{expected}'"
    policy = content_security_policy(script_hash(page))
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert script_src == f"'sha256-{expected}'"  # no 'self', no 'unsafe-inline'
    assert "unsafe-eval" not in policy
    with pytest.raises(ValueError):
        script_hash(page.replace("</script>", "</script><script>alert(1)</script>"))


def test_page_is_served_with_the_presenters_current_case_in_it(page, plan, tmp_path):
    from kimtools.conference.participants import FIRST_MARK
    from kimtools.conference.server import ParticipantsView

    follow = tmp_path / "folgen.json"
    view = ParticipantsView(token="t", page=page.encode(), follow_file=follow)
    assert FIRST_MARK in view.page_now().decode()  # not begun: nothing to show yet
    publish(2, plan.cases[3], follow)
    served = view.page_now().decode()
    assert f'<body data-first="{plan.cases[3]}" data-current=""' in served
    assert served.replace(f'data-first="{plan.cases[3]}"', FIRST_MARK) == page
    publish(1, '"><script>x</script>', follow)  # the follow file is ours, but escape anyway
    assert 'data-first="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in view.page_now().decode()


def test_a_request_for_the_state_waits_for_a_change_of_case(page, plan, tmp_path):
    """Long polling: with the version it has, a page gets an answer when the presenter moves
    (within a few tenths of a second), or the same state after the wait, never before."""
    import asyncio
    import time

    from kimtools.conference.server import WATCH_EVERY, ParticipantsView

    follow = tmp_path / "folgen.json"
    publish(1, plan.cases[0], follow)
    view = ParticipantsView(token="t", page=page.encode(), follow_file=follow)

    async def scenario():
        first = await view.state_after(None)  # a page without a version: at once
        start = time.monotonic()
        unchanged = await view.state_after(first["version"], wait=0.4)
        waited = time.monotonic() - start

        async def presenter_moves():
            await asyncio.sleep(0.3)
            publish(2, plan.cases[2], follow)

        mover = asyncio.create_task(presenter_moves())
        start = time.monotonic()
        moved = await view.state_after(first["version"], wait=10)
        took = time.monotonic() - start
        await mover
        gone = await view.state_after(moved["version"], wait=10, gone=lambda: True)
        return first, unchanged, waited, moved, took, gone

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever loop this thread holds
        first, unchanged, waited, moved, took, gone = pool.submit(
            asyncio.run, scenario()).result(timeout=60)
    assert (first["item"], first["case"]) == (1, plan.cases[0])
    assert unchanged == first and waited >= 0.4
    assert (moved["item"], moved["case"]) == (2, plan.cases[2])
    assert moved["version"] != first["version"]
    assert 0.3 <= took < 0.3 + 10 * WATCH_EVERY  # not the whole wait
    assert gone == moved  # a page closed while waiting is answered at once, not held


def test_follow_file_round_trip_and_refuses_foreign_content(tmp_path, monkeypatch):
    target = tmp_path / "folgen.json"
    assert publish(3, "K-ABC", target)
    assert read_state(target) == {"item": 3, "case": "K-ABC"}
    assert not list(tmp_path.glob(".folgen-*"))
    target.write_text('{"item": "x"}', encoding="utf-8")
    assert read_state(target) is None
    assert read_state(tmp_path / "fehlt.json") is None
    monkeypatch.delenv("KIMTOOLS_FOLLOW_FILE", raising=False)
    assert not publish(1, "K")
    monkeypatch.setenv("KIMTOOLS_FOLLOW_FILE", str(target))
    assert publish(2, "K-X") and read_state(target) == {"item": 2, "case": "K-X"}


def test_findings_show_title_fields_level_status_only(plan, tmp_path):
    path = tmp_path / "befunde.sqlite"
    with open_register(path, create=True) as register:
        saved = create_conference(register, plan)
        register.add_finding(Finding(title="Kein Sprachkurs mit Kinderbetreuung",
                                     conference_id=saved.id, fields=["language", "childcare"],
                                     description="vertraulich", level="Kreis"),
                             who="Koordinierung", today=dt.date(2026, 12, 3))
        shown = recorded_findings(register, saved.id)
        assert recorded_findings(register, "andere") == []
    assert shown == [{"titel": "Kein Sprachkurs mit Kinderbetreuung",
                      "handlungsfelder": "Sprache, Kita/Kinderbetreuung",
                      "ebene": "Kreis", "status": "neu"}]


# --- the server: the participants' handlers beside the presenter's Voilà -----------------------

def _participant(server):
    """The participants' token as the address gives it, and the cookie its first page sets."""
    from browser import cookies, http_get

    query = server.participants_url.split("?", 1)[1]
    first = http_get(server.base_url, f"/teilnehmende/?{query}", follow=False)
    return query.removeprefix("token="), first, cookies(first)


def test_participants_token_opens_the_page_and_sets_a_strict_cookie(conference_server, plan):
    from browser import http_get

    server, _ = conference_server
    token, first, cookie = _participant(server)
    assert token and token != server.token
    assert first.status == 200 and 'data-case="' in first.text
    set_cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
    assert "Path=/teilnehmende/" in set_cookie
    policy = first.headers["Content-Security-Policy"]
    assert "script-src 'sha256-" in policy and "unsafe-eval" not in policy
    assert "'self'" not in re.search(r"script-src ([^;]+)", policy).group(1)
    # the page carries the presenter's current case: never from a cache
    assert first.headers["Cache-Control"] == "private, no-store"
    for path in ("/teilnehmende/", "/teilnehmende/stand"):
        reply = http_get(server.base_url, path, headers={"Cookie": cookie})
        assert reply.status == 200, path
        assert "no-" in reply.headers["Cache-Control"], path
    for path in ("/teilnehmende/static/teilnehmende.js", "/teilnehmende/x"):
        assert http_get(server.base_url, path, headers={"Cookie": cookie}).status == 404
    state = json.loads(http_get(server.base_url, "/teilnehmende/stand",
                                headers={"Cookie": cookie}).text)
    assert state["findings"] == []
    assert http_get(server.base_url, "/teilnehmende/static/../index.html",
                    headers={"Cookie": cookie}).status == 404


@pytest.mark.parametrize("path", ["/teilnehmende/", "/teilnehmende/stand",
                                  "/teilnehmende/static/teilnehmende.js", "/teilnehmende/x"])
def test_participants_handlers_without_their_token_are_refused(conference_server, path):
    from browser import authorised, http_get

    server, _ = conference_server
    for headers, query in (({}, ""), ({}, "?token=falsch"), (authorised(server.token), ""),
                           ({}, f"?token={server.token}"),
                           ({"Cookie": "kim_teilnehmende=falsch"}, "")):
        reply = http_get(server.base_url, path + query, headers=headers, follow=False)
        assert reply.status == 403, (path, query, headers)
        assert "Kein Zugang" in reply.text and 'data-case="' not in reply.text


def test_participants_token_reaches_no_kernel_and_no_voila_page(conference_server):
    from browser import http_get, page_config, talk_to_kernel
    from tornado.httpclient import HTTPClientError

    server, _ = conference_server
    token, _, cookie = _participant(server)
    for path in ("/", "/api/kernels", "/api/sessions", "/voila/api/shutdown/x"):
        for headers, query in (({"Cookie": cookie}, ""), ({}, f"?token={token}"),
                               ({"Authorization": f"token {token}"}, "")):
            reply = http_get(server.base_url, path + query, headers=headers, follow=False)
            assert reply.status in (302, 403, 404, 405), (path, query, reply.status)
            if reply.status == 302:
                assert reply.headers["Location"].startswith("/login")
            assert 'id="jupyter-config-data"' not in reply.text, (path, query)
    presenter = http_get(server.base_url, f"/?token={server.token}")  # a real kernel exists
    kernel_id = page_config(presenter.text)["kernelId"]
    ws_url = server.base_url.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"
    for cookie_sent, url in ((cookie, ws_url), (None, f"{ws_url}?token={token}")):
        with pytest.raises(HTTPClientError) as refused:
            talk_to_kernel(url, [], cookie=cookie_sent, origin=server.base_url.rstrip("/"))
        assert refused.value.code in (400, 403)


def test_state_follows_the_presenter_and_shows_findings(conference_server, plan):
    from browser import http_get

    server, path = conference_server
    _, _, cookie = _participant(server)
    assert publish(2, plan.cases[3], server.run_dir / "folgen.json")
    with open_register(path) as register:
        register.add_finding(Finding(title="Wartezeit Ausländerbehörde", fields=["residence"],
                                     conference_id=plan.conference_id),
                             who="Koordinierung", today=dt.date(2026, 12, 3))
    import time

    deadline = time.monotonic() + 5
    while True:
        state = json.loads(http_get(server.base_url, "/teilnehmende/stand",
                                    headers={"Cookie": cookie}).text)
        if state["findings"] or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert state["case"] == plan.cases[3] and state["item"] == 2
    assert state["findings"] == [{"titel": "Wartezeit Ausländerbehörde",
                                  "handlungsfelder": "Aufenthalt", "ebene": "kommunal",
                                  "status": "neu"}]


def test_the_server_holds_a_request_for_the_state_until_the_presenter_moves(conference_server,
                                                                           plan):
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from browser import http_get

    server, _ = conference_server
    _, _, cookie = _participant(server)
    follow = server.run_dir / "folgen.json"
    assert publish(1, plan.cases[1], follow)
    first = json.loads(http_get(server.base_url, "/teilnehmende/stand",
                                headers={"Cookie": cookie}).text)
    assert first["case"] == plan.cases[1] and first["version"]
    asked = threading.Event()

    def wait_for_change():
        asked.set()
        start = time.monotonic()
        reply = http_get(server.base_url, f"/teilnehmende/stand?seit={first['version']}",
                         headers={"Cookie": cookie})
        return json.loads(reply.text), time.monotonic() - start

    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(wait_for_change)
        asked.wait()
        time.sleep(0.5)
        assert not waiting.done()  # nothing changed: the server holds the answer
        assert publish(2, plan.cases[2], follow)
        state, took = waiting.result(timeout=10)
    assert (state["item"], state["case"]) == (2, plan.cases[2])
    assert 0.5 <= took < 5


def test_qr_code_carries_the_participants_address_and_only_when_shared(monkeypatch):
    from kimtools.conference.share import qr_svg, share_html

    url = "http://192.0.2.7:8866/teilnehmende/?token=abc-DEF_123"
    svg = qr_svg(url)
    assert svg.startswith("<svg") and "<script" not in svg
    monkeypatch.delenv("KIMTOOLS_PARTICIPANTS_URL", raising=False)
    assert share_html() == ""
    monkeypatch.setenv("KIMTOOLS_PARTICIPANTS_URL", url)
    shown = share_html()
    assert url in shown and "<svg" in shown and "Teilnehmende" in shown


def test_presenter_shows_the_qr_panel_only_when_shared(plan, monkeypatch, tmp_path):
    from kimtools.widgets.presenter import Praesentation

    monkeypatch.setenv("KIMTOOLS_FOLLOW_FILE", str(tmp_path / "folgen.json"))
    monkeypatch.delenv("KIMTOOLS_PARTICIPANTS_URL", raising=False)
    plain = Praesentation(plan)
    assert len(plain.details.children) == 2
    assert read_state(tmp_path / "folgen.json") == {"item": 1, "case": plan.cases[0]}
    plain.step(1)
    assert read_state(tmp_path / "folgen.json") == {"item": plan.item_of(plan.cases[1]).number,
                                                     "case": plan.cases[1]}
    # a spare (preheated) kernel or a reloaded page opens at the first case: the participants
    # stay where the presenter is until the presenter moves
    spare = Praesentation(plan)
    assert spare.current_case == plan.cases[0]
    assert read_state(tmp_path / "folgen.json")["case"] == plan.cases[1]
    spare.step(1)
    spare.step(1)
    assert read_state(tmp_path / "folgen.json")["case"] == plan.cases[2]
    monkeypatch.setenv("KIMTOOLS_PARTICIPANTS_URL", "http://192.0.2.7:1/teilnehmende/?token=t")
    shared = Praesentation(plan)
    assert len(shared.details.children) == 3
    assert "<svg" in shared.details.children[2].value


@pytest.fixture(scope="module")
def shared_conference(plan, share_address, tmp_path_factory):
    path = tmp_path_factory.mktemp("geteilt") / "befunde.sqlite"
    with open_register(path, create=True) as opened:
        saved = create_conference(opened, plan)
    with serve.running_server(None, share=True, notebook=serve.PRESENTER_NOTEBOOK,
                              register=path, conference=saved.id) as server:
        yield server, share_address


def test_shared_lan_listener_serves_the_participants_view_and_nothing_else(shared_conference):
    from browser import authorised, cookies, http_get

    server, address = shared_conference
    assert server.address == "127.0.0.1"  # the presenter with the register stays local
    assert server.participants_url.startswith(f"http://{address}:{server.port}/teilnehmende/")
    lan = f"http://{address}:{server.port}/"
    query = server.participants_url.split("?", 1)[1]
    first = http_get(lan, f"/teilnehmende/?{query}", follow=False)
    assert first.status == 200 and 'data-case="' in first.text
    cookie = cookies(first)
    for path in ("/", f"/?token={server.token}", "/api/kernels", "/api/status", "/login",
                 "/voila/static/voila.js", "/voila/templates/kim/static/kim.css"):
        for headers in ({"Cookie": cookie}, authorised(server.token)):
            reply = http_get(lan, path, headers=headers, follow=False)
            assert reply.status == 404, (path, reply.status)
    forged = http_get(lan, "/teilnehmende/stand", headers={"Cookie": cookie,
                                                           "Host": "evil.example"})
    assert forged.status == 400


def test_a_view_that_cannot_be_rendered_stops_the_start_in_german(plan, tmp_path):
    run_dir = tmp_path / "lauf"
    run_dir.mkdir()
    env = serve.voila_environment(None, run_dir, None)
    with pytest.raises(serve.ServeError) as refused:
        serve._prepare_participants(env, run_dir, tmp_path / "fehlt.sqlite", "x",
                                    "127.0.0.1", 1, None)
    message = str(refused.value)
    assert "Ansicht für Teilnehmende nicht erstellt" in message and "fehlt.sqlite" in message
    assert "nicht gestartet" in message and "Traceback" not in message
    assert "KIMTOOLS_PARTICIPANTS_TOKEN" not in env


def test_kernels_do_not_inherit_the_participants_token(conference_server):
    """The server takes the token out of its environment before any kernel starts."""
    import psutil

    server, _ = conference_server
    from browser import http_get

    assert http_get(server.base_url, f"/?token={server.token}").status == 200
    kernels = [p for p in psutil.Process(server.process.pid).children(recursive=True)
               if any("ipykernel" in part for part in p.cmdline())]
    assert kernels
    for kernel in kernels:
        environment = kernel.environ()
        assert "KIMTOOLS_PARTICIPANTS_TOKEN" not in environment
        assert environment.get("KIMTOOLS_FOLLOW_FILE")
