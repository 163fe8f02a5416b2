"""Every route of the web app through FastAPI's test client: pages, API, bad input, CSRF,
Host and Origin checks, upload caps, error pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runlean.tracking.logs import local_today

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from runlean.web.app import create_app

BASE = "http://127.0.0.1:8000"
TODAY = local_today()
PLAN_INPUTS: dict[str, Any] = {
    "person": {"sex": "male", "age_years": 40, "height_cm": 180, "weight_kg": 90,
               "resting_hr_bpm": 60, "timezone": "UTC"},
    "habits": {"pal": 1.6, "sleep_hours": 7.5},
    "preferences": {"running_days_per_week": 3, "longest_session_min": 60,
                    "experience": "beginner"},
    "goal": {"target_weight_kg": 84},
}


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    app = create_app(data_dir, max_upload_bytes=2_000_000, max_upload_files=3)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def token(client: TestClient) -> str:
    r = client.get("/api/v1/csrf")
    assert r.status_code == 200
    value: str = r.json()["csrf_token"]
    assert client.cookies.get("runlean_csrf") == value
    return value


def h(token: str) -> dict[str, str]:
    return {"X-CSRF-Token": token}


def page_token(html: str) -> str:
    m = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert m is not None
    return m.group(1)


# --- safety -----------------------------------------------------------------------------------


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    r = client.get("/api/v1/csrf", headers={"Host": "attacker.example"})
    assert r.status_code == 400
    assert "DNS-rebinding" in r.text
    assert client.get("/api/v1/csrf", headers={"Host": "localhost:8000"}).status_code == 200


def test_state_change_without_or_with_a_wrong_csrf_token_is_refused(client: TestClient,
                                                                    token: str) -> None:
    body = {"weight_kg": 80}
    r = client.post("/api/v1/logs/weight", json=body)
    assert r.status_code == 403
    assert r.json()["error"]["type"] == "CsrfError"
    assert client.post("/api/v1/logs/weight", json=body,
                       headers={"X-CSRF-Token": "x" * 43}).status_code == 403
    r = client.post("/log", data={"kind": "weight", "weight_kg": "80"})
    assert r.status_code == 403 and "CSRF" in r.text
    assert client.get("/api/v1/logs/weight").json()["total"] == 0  # nothing was written
    for method, url in (("put", "/api/v1/profile"), ("delete", "/api/v1/logs/weight/2024-01-01"),
                        ("patch", "/api/v1/activities/1"), ("post", "/api/v1/simulate")):
        assert client.request(method, url, json={}).status_code == 403


def test_cross_origin_post_is_refused(client: TestClient, token: str) -> None:
    r = client.post("/api/v1/logs/weight", json={"weight_kg": 80},
                    headers=h(token) | {"Origin": "http://attacker.example"})
    assert r.status_code == 403


def test_security_headers(client: TestClient) -> None:
    r = client.get("/start")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    assert r.headers["x-frame-options"] == "DENY"


def test_upload_caps(client: TestClient, token: str) -> None:
    files = [("files", (f"f{i}.gpx", b"<gpx/>", "application/gpx+xml")) for i in range(4)]
    r = client.post("/api/v1/activities", files=files, headers=h(token))
    assert r.status_code == 400
    assert "at most 3 files per upload" in r.json()["error"]["message"]
    big = [("files", ("big.fit", b"\0" * 2_100_000, "application/octet-stream"))]
    r = client.post("/api/v1/activities", files=big, headers=h(token))
    assert r.status_code == 413 and "upload too large" in r.text


def test_server_error_page_has_an_id_and_no_traceback(client: TestClient,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from runlean.web import views

    def boom(*_: Any, **__: Any) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views, "today_context", boom)
    r = client.get("/today")
    assert r.status_code == 500
    assert re.search(r'class="error-id">[0-9a-f]{10}<', r.text)
    assert "secret internal detail" not in r.text and "Traceback" not in r.text
    r = client.get("/api/v1/status")  # the API is unaffected
    assert r.status_code == 200


def test_unknown_page_and_api_route(client: TestClient) -> None:
    assert client.get("/nowhere").status_code == 404
    r = client.get("/api/v1/nowhere")
    assert r.status_code == 404 and r.json()["error"]["type"] == "NotFound"


# --- first run, profile and plan --------------------------------------------------------------


def test_home_sends_a_new_user_to_start(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/start"
    assert client.get("/api/v1/profile").status_code == 404
    assert client.get("/api/v1/plan").status_code == 404
    assert client.get("/plan/download/plan.ics").status_code == 404


def test_start_form_errors_are_the_domains(client: TestClient) -> None:
    tok = page_token(client.get("/start").text)
    form = {"csrf_token": tok, "sex": "female", "age_years": "16", "height_cm": "165",
            "weight_kg": "70", "goal_kind": "fat_loss_kg", "goal_target": "4",
            "free_weekdays": ["mon", "thu"]}
    r = client.post("/start", data=form)
    assert r.status_code == 400
    assert "runlean does not make fat-loss plans for people under 18" in r.text
    form["age_years"] = "35"
    form["weight_kg"] = "abc"
    r = client.post("/start", data=form)
    assert 'id="e-weight_kg"' in r.text
    assert "weight_kg: got &#39;abc&#39;; expected a number" in r.text
    form["weight_kg"] = "70"
    form["free_weekdays"] = []
    r = client.post("/start", data=form)
    assert 'id="e-free_weekdays"' in r.text


def test_profile_api_round_trip_and_bad_input(client: TestClient, token: str) -> None:
    r = client.put("/api/v1/profile", json={"person": PLAN_INPUTS["person"],
                                            "habits": PLAN_INPUTS["habits"]}, headers=h(token))
    assert r.status_code == 200
    assert client.get("/api/v1/profile").json()["person"]["weight_kg"] == 90
    r = client.put("/api/v1/profile", json={"person": PLAN_INPUTS["person"] | {
        "height_cm": 300}}, headers=h(token))
    assert r.status_code == 400
    err = r.json()["error"]
    assert err == {"type": "InvalidInputError", "field": "height_cm", "value": 300.0,
                   "expected": "between 120 and 230 cm",
                   "message": "height_cm: got 300.0; expected between 120 and 230 cm."}
    assert client.put("/api/v1/profile", json={"person": {}, "x": 1},
                      headers=h(token)).status_code == 400
    assert client.get("/api/v1/profile").json()["person"]["height_cm"] == 180  # unchanged


def test_start_page_is_filled_from_a_stored_profile(client: TestClient) -> None:
    r = client.get("/start")
    assert 'id="f-weight_kg" name="weight_kg" type="number" value="90"' in r.text


def test_profile_page_saves_in_imperial_units(client: TestClient) -> None:
    client.cookies.set("runlean_units", "imperial")
    try:
        r = client.get("/profile")
        assert 'value="198.4"' in r.text  # 90 kg shown in lb
        form = {"csrf_token": page_token(r.text), "sex": "male", "age_years": "40",
                "height_cm": "70.87", "weight_kg": "198.4", "timezone": "UTC",
                "pal": "1.6", "sleep_hours": "7.5", "strength_sessions_per_week": "0"}
        r = client.post("/profile", data=form)
        assert r.status_code == 200 and "Profile saved." in r.text
    finally:
        client.cookies.delete("runlean_units")
    person = client.get("/api/v1/profile").json()["person"]
    assert person["weight_kg"] == pytest.approx(90.0, abs=0.02)
    assert person["height_cm"] == pytest.approx(180.0, abs=0.01)
    # Saved from an imperial browser, the profile is imperial for the commands too; without
    # a cookie the pages use the profile's units.
    assert person["units"] == "imperial"
    r = client.get("/profile")
    assert 'value="198.4"' in r.text
    form |= {"csrf_token": page_token(r.text), "height_cm": "180", "weight_kg": "90"}
    client.cookies.set("runlean_units", "metric")
    try:  # back to metric for the tests after this one
        assert "Profile saved." in client.post("/profile", data=form).text
    finally:
        client.cookies.delete("runlean_units")
    assert client.get("/api/v1/profile").json()["person"]["units"] == "metric"
    assert 'value="90"' in client.get("/profile").text


def test_units_toggle_is_remembered(client: TestClient) -> None:
    tok = page_token(client.get("/profile").text)
    r = client.post("/settings/units", data={"csrf_token": tok, "units": "imperial",
                                             "next": "/profile"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/profile"
    assert "runlean_units=imperial" in r.headers["set-cookie"]
    r = client.post("/settings/units", data={"csrf_token": tok, "units": "furlongs"})
    assert r.status_code == 400
    client.cookies.delete("runlean_units")


def test_plan_api_makes_the_active_plan(client: TestClient, token: str) -> None:
    r = client.post("/api/v1/plan", json=PLAN_INPUTS | {"start_date": TODAY.isoformat()},
                    headers=h(token))
    assert r.status_code == 201, r.text
    plan = r.json()
    assert plan["goal"] == {"kind": "weight_kg", "target": 84, "target_date": None,
                            "weeks": None}
    assert plan["sessions"]
    stored = client.get("/api/v1/plan").json()
    assert stored["plan_key"] == plan["plan_key"]
    # plan.json field names: a subset that the CLI's plan.json has too.
    for key in ("runlean_plan_version", "start_date", "goal_date", "targets", "safety",
                "sessions", "projection", "evidence"):
        assert key in stored
    sessions = client.get("/api/v1/plan/sessions", params={
        "since": plan["start_date"], "until": plan["start_date"]}).json()
    assert all(s["date"] == plan["start_date"] for s in sessions)
    assert client.get("/api/v1/plan/sessions", params={"since": "soon"}).status_code == 400
    r = client.post("/api/v1/plan", json={"goal": {"target_weight_kg": 120}},
                    headers=h(token))
    assert r.status_code == 400 and r.json()["error"]["field"].startswith("goal")
    r = client.post("/api/v1/plan", json={"goal": {"target_weight_kg": 84},
                                          "colour": "red"}, headers=h(token))
    assert r.status_code == 400 and r.json()["error"]["field"] == "colour"
    assert client.get("/api/v1/plan").json()["plan_key"] == plan["plan_key"]


def test_plan_page_calendar_sessions_and_downloads(client: TestClient) -> None:
    plan = client.get("/api/v1/plan").json()
    r = client.get("/plan")
    assert r.status_code == 200
    assert 'id="chart-weight"' in r.text and 'id="chart-legfat"' in r.text
    month = plan["start_date"][:7]
    r = client.get("/plan", params={"month": month, "view": "list"})
    first = plan["sessions"][0]
    assert f'/plan/sessions/{first["uid"]}' in r.text
    assert client.get("/plan", params={"month": "13-2026"}).status_code == 400
    r = client.get(f"/plan/sessions/{first['uid']}", headers={"HX-Request": "true"})
    assert r.status_code == 200 and first["why"][:30] in r.text.replace("&#39;", "'")
    assert "<html" not in r.text  # a fragment for HTMX
    assert client.get("/plan/sessions/nope").status_code == 404
    r = client.get("/plan/download/plan.json")
    assert json.loads(r.text)["plan_key"] == plan["plan_key"]
    r = client.get("/plan/download/sessions.csv")
    assert r.text.splitlines()[0].startswith("date,week,deload")
    assert len(r.text.splitlines()) == len(plan["sessions"]) + 1
    r = client.get("/plan/download/plan.ics")
    assert r.text.startswith("BEGIN:VCALENDAR") and r.text.count("BEGIN:VEVENT") == len(
        plan["sessions"])
    r = client.get("/plan/download/report.html")
    assert r.status_code == 200 and "<html" in r.text
    assert client.get("/plan/download/secrets.txt").status_code == 404


def test_report_download_follows_the_chosen_units(client: TestClient) -> None:
    """An imperial user's report.html is in pounds and miles, like the pages."""
    import re

    client.cookies.set("runlean_units", "imperial")
    try:
        page = client.get("/plan/download/report.html").text
    finally:
        client.cookies.delete("runlean_units")
    visible = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert re.search(r"\d lb\b", visible) and not re.search(r"\d\s?kg\b", visible)
    assert not re.search(r"\d\s?km\b", visible)
    assert re.search(r"\d\s?kg\b", client.get("/plan/download/report.html").text)


def test_plan_form_remakes_the_plan(client: TestClient) -> None:
    old = client.get("/api/v1/plan").json()["plan_key"]
    r = client.get("/plan")
    form = {"csrf_token": page_token(r.text), "experience": "intermediate",
            "running_days_per_week": "4", "longest_session_min": "75",
            "free_weekdays": ["mon", "tue", "thu", "sat", "sun"], "goal_kind": "weight_kg",
            "goal_target": "85", "deadline": "date",
            "target_date": (TODAY + dt.timedelta(days=14)).isoformat()}
    r = client.post("/plan", data=form, follow_redirects=False)
    assert r.status_code == 303
    plan = client.get("/api/v1/plan").json()
    assert plan["plan_key"] != old
    assert plan["preferences"]["running_days_per_week"] == 4
    # Too soon: the plan moves to the earliest safe date and says so.
    assert any("earliest safe goal date" in w for w in plan["warnings"])
    assert "earliest safe goal date" in client.get("/plan").text
    form["deadline"] = "weeks"
    form["weeks"] = "500"
    r = client.post("/plan", data=form)
    assert r.status_code == 400 and "weeks: got 500; expected between 1 and 260 weeks." in r.text


# --- logs -------------------------------------------------------------------------------------


def test_log_api_add_list_edit_delete(client: TestClient, token: str) -> None:
    days = [(TODAY - dt.timedelta(days=k)).isoformat() for k in range(5)]
    for k, day in enumerate(days):
        r = client.post("/api/v1/logs/weight", json={"date": day, "weight_kg": 90 - 0.1 * k},
                        headers=h(token))
        assert r.status_code == 201, r.text
    page = client.get("/api/v1/logs/weight", params={"limit": 2}).json()
    assert page["total"] == 5 and [r["date"] for r in page["rows"]] == days[:2]
    r = client.put(f"/api/v1/logs/weight/{days[1]}", json={"weight_kg": 88.8},
                   headers=h(token))
    assert r.status_code == 200 and r.json()["previous"]["weight_kg"] == pytest.approx(89.9)
    r = client.put(f"/api/v1/logs/weight/{days[1]}", json={"weight_kg": 400},
                   headers=h(token))
    assert r.status_code == 400 and r.json()["error"]["field"] == "weight_kg"
    r = client.put(f"/api/v1/logs/weight/{days[1]}", json={"weight_kg": 88, "date": days[2]},
                   headers=h(token))
    assert r.status_code == 400 and "has one: edit that entry" in r.json()["error"]["message"]
    r = client.delete(f"/api/v1/logs/weight/{days[4]}", headers=h(token))
    assert r.json()["deleted"]["weight_kg"] == pytest.approx(89.6)
    assert client.delete(f"/api/v1/logs/weight/{days[4]}", headers=h(token)).status_code == 404
    assert client.get("/api/v1/logs/weight").json()["total"] == 4
    assert client.get("/api/v1/logs/mood").status_code == 400
    assert client.get("/api/v1/logs/weight", params={"limit": 0}).status_code == 400
    r = client.post("/api/v1/logs/intake", json={"kcal": 1800, "sugar_g": 10},
                    headers=h(token))
    assert r.status_code == 400 and r.json()["error"]["field"] == "sugar_g"
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    r = client.post("/api/v1/logs/sleep", json={"hours": 7, "date": future}, headers=h(token))
    assert r.status_code == 400 and "not in the future" in r.json()["error"]["message"]


def test_log_forms_on_today_and_log_pages(client: TestClient) -> None:
    tok = page_token(client.get("/today").text)
    hx = {"HX-Request": "true"}
    r = client.post("/log", data={"csrf_token": tok, "kind": "intake", "kcal": "1900",
                                  "protein_g": "150"}, headers=hx)
    assert r.status_code == 200 and "Logged: intake" in r.text
    r = client.post("/log", data={"csrf_token": tok, "kind": "waist", "waist_cm": "5"},
                    headers=hx)
    assert r.status_code == 400
    assert "waist_cm: got 5.0; expected between 40 and 250 cm." in r.text
    r = client.post("/log", data={"csrf_token": tok, "kind": "mood", "x": "1"})
    assert r.status_code == 400
    r = client.post("/log", data={"csrf_token": tok, "kind": "sleep", "hours": "7"},
                    follow_redirects=False)
    assert r.status_code == 303
    day = TODAY.isoformat()
    r = client.get("/logs", params={"kind": "sleep"})
    assert f'id="row-sleep-{day}"' in r.text
    r = client.get(f"/logs/sleep/{day}/edit", headers=hx)
    assert 'name="hours"' in r.text and "<html" not in r.text
    r = client.get(f"/logs/sleep/{day}/edit")
    assert "<html" in r.text  # a page without JavaScript
    r = client.post(f"/logs/sleep/{day}", data={"csrf_token": tok, "hours": "99"}, headers=hx)
    assert r.status_code == 400 and "hours: got 99.0" in r.text
    r = client.post(f"/logs/sleep/{day}", data={"csrf_token": tok, "hours": "6.5"}, headers=hx)
    assert r.status_code == 200 and "6.5" in r.text
    assert client.get(f"/logs/sleep/{day}").status_code == 200
    assert "Delete the sleep log" in client.get(f"/logs/sleep/{day}/delete").text
    r = client.post(f"/logs/sleep/{day}/delete", data={"csrf_token": tok},
                    follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/logs/sleep/{day}").status_code == 404
    assert client.get("/logs/sleep/yesterday").status_code == 400
    assert client.get("/logs", params={"kind": "mood"}).status_code == 400


def test_log_csv_export_imports_back(client: TestClient, token: str) -> None:
    text = client.get("/logs/export.csv").text
    assert text == client.get("/api/v1/logs.csv").text
    header, *rows = text.splitlines()
    assert header.startswith("date,weight_kg")
    assert len(rows) == 4  # the weights of 4 days (one with an intake)
    tok = page_token(client.get("/logs").text)
    r = client.post("/logs/import", data={"csrf_token": tok},
                    files={"file": ("export.csv", text.encode(), "text/csv")})
    assert r.status_code == 200 and "replaced" in r.text
    bad = "date,weight_kg\n2024-01-01,900\n"
    r = client.post("/logs/import", data={"csrf_token": tok},
                    files={"file": ("bad.csv", bad.encode(), "text/csv")})
    assert r.status_code == 400 and "row 2" in r.text
    assert client.get("/logs/export.csv").text == text  # all or nothing


# --- activities -------------------------------------------------------------------------------


def _gpx(start: dt.datetime, n: int = 120) -> bytes:
    pts = "".join(
        f'<trkpt lat="{48.85 + 0.0001 * i:.6f}" lon="{2.35 + 0.0001 * i:.6f}"><ele>35</ele>'
        f"<time>{(start + dt.timedelta(seconds=10 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')}"
        "</time></trkpt>" for i in range(n))
    return ('<?xml version="1.0"?><gpx version="1.1" creator="test" '
            'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
            f"{pts}</trkseg></trk></gpx>").encode()


def test_activity_upload_list_page_and_sport_correction(client: TestClient,
                                                        token: str) -> None:
    start = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(7), tzinfo=dt.UTC)
    run = _gpx(start)
    files = [("files", ("run.gpx", run, "application/gpx+xml")),
             ("files", ("again.gpx", run, "application/gpx+xml")),
             ("files", ("broken.fit", b"not a fit file", "application/octet-stream"))]
    r = client.post("/api/v1/activities", files=files, headers=h(token))
    assert r.status_code == 200, r.text
    res = r.json()
    assert (res["imported"], res["duplicates"], res["failed"]) == (1, 1, 1)
    by_file = {row["file"]: row for row in res["rows"]}
    assert by_file["again.gpx"]["status"] == "duplicate"
    assert by_file["broken.fit"]["status"] == "failed" and by_file["broken.fit"]["detail"]
    assert "/tmp" not in json.dumps(res)  # no private server path leaks
    listed = client.get("/api/v1/activities").json()
    assert len(listed) == 1
    act = listed[0]
    assert set(act) >= {"id", "start_utc", "start_local", "sport", "duration_s", "distance_m",
                        "energy_kcal", "load", "source_file"}
    assert act["source_file"] == "run.gpx"  # the uploaded name, not a temporary path
    assert act["distance_m"] == pytest.approx(client.get(
        f"/api/v1/activities/{act['id']}").json()["distance_m"])
    r = client.get("/activities", params={"sort": "distance_m", "order": "asc"})
    assert r.status_code == 200 and f'href="/activities/{act["id"]}"' in r.text
    assert client.get("/activities", params={"sort": "password"}).status_code == 400
    assert client.get("/activities", params={"since": "last week"}).status_code == 400
    r = client.get("/activities", params={"sport": "cycling"}, headers={"HX-Request": "true"})
    assert "0 activities" in r.text and "<html" not in r.text
    r = client.get(f"/activities/{act['id']}")
    assert 'id="chart-route"' in r.text and 'id="chart-pace"' in r.text
    assert client.get("/activities/99999").status_code == 404
    r = client.patch(f"/api/v1/activities/{act['id']}", json={"sport": "walking"},
                     headers=h(token))
    assert r.status_code == 200 and r.json()["sport"] == "walking"
    r = client.patch(f"/api/v1/activities/{act['id']}", json={"sport": "chess"},
                     headers=h(token))
    assert r.status_code == 400
    tok = page_token(client.get("/activities").text)
    r = client.post(f"/activities/{act['id']}/sport", data={"csrf_token": tok,
                                                            "sport": "running"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert client.get(f"/api/v1/activities/{act['id']}").json()["sport"] == "running"
    r = client.post("/activities/upload", data={"csrf_token": tok},
                    headers={"HX-Request": "true"})
    assert r.status_code == 400 and "at least one file" in r.text
    r = client.post("/activities/upload", data={"csrf_token": tok},
                    files={"files": ("x.gpx", b"<gpx", "application/gpx+xml")})
    assert r.status_code == 200 and "failed" in r.text and "<html" in r.text


# --- today, status, what if ---------------------------------------------------------------------


def test_status_and_today(client: TestClient) -> None:
    st = client.get("/api/v1/status").json()
    for key in ("as_of", "trend_weight_kg", "expenditure_estimate_kcal_per_day",
                "intake_target_kcal_per_day", "ctl", "atl", "tsb", "acwr", "warnings",
                "missing", "recommendation"):
        assert key in st
    assert st["trend_weight_kg"] is not None
    today = client.get("/api/v1/today").json()
    assert today["status"] == st
    assert today["has_plan"] is True and today["weighings"]
    r = client.get("/today")
    assert r.status_code == 200 and "trend weight" in r.text and 'id="chart-weight"' in r.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/today"


def test_simulate_api_and_what_if_pages(client: TestClient, token: str) -> None:
    from runlean.simulate import example_scenario, simulate_scenario

    scen = example_scenario() | {"days": 30}
    r = client.post("/api/v1/simulate", json=scen, headers=h(token))
    assert r.status_code == 200
    assert r.json()["weight_kg"] == pytest.approx(simulate_scenario(scen)["weight_kg"])
    r = client.post("/api/v1/simulate", json=scen | {"dayz": 3}, headers=h(token))
    assert r.status_code == 400 and r.json()["error"]["field"] == "dayz"
    r = client.get("/whatif")
    tok = page_token(r.text)
    form = {"csrf_token": tok, "sex": "female", "age_years": "35", "height_cm": "165",
            "weight_kg": "80", "pal": "1.6", "intake_change": "-500", "days": "60",
            "carb_fraction_baseline": "50", "carb_fraction": "40"}
    r = client.post("/whatif", data=form, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "After 60 days" in r.text and "<html" not in r.text
    r = client.post("/whatif", data=form | {"weight_kg": "8"})
    assert r.status_code == 400 and "weight_kg: got 8.0; expected between 30 and 350 kg" in r.text
    scenario_json = re.search(r'name="scenario_json" value="([^"]+)"',
                              client.post("/whatif", data=form).text)
    assert scenario_json is not None
    import html as html_mod

    r = client.post("/whatif/download", data={"csrf_token": tok, "format": "json",
                                              "scenario_json": html_mod.unescape(
                                                  scenario_json.group(1))})
    data = json.loads(r.text)
    assert len(data["day"]) == 61 and "attachment" in r.headers["content-disposition"]
    r = client.post("/whatif/upload", data={"csrf_token": tok},
                    files={"scenario": ("s.json", json.dumps(scen).encode(), "application/json")})
    assert r.status_code == 200 and "After 30 days" in r.text
    r = client.post("/whatif/upload", data={"csrf_token": tok},
                    files={"scenario": ("s.json", b"{not json", "application/json")})
    assert r.status_code == 400 and "a JSON scenario file" in r.text


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/profile", "/api/v1/plan", "/api/v1/plan/sessions", "/api/v1/activities",
            "/api/v1/activities/{activity_id}", "/api/v1/logs/{kind}",
            "/api/v1/logs/{kind}/{date}", "/api/v1/status", "/api/v1/today",
            "/api/v1/simulate"} <= paths
    assert all(p.startswith("/api/") for p in paths)  # pages are not in the API document
    assert client.get("/api/docs").status_code == 200


def test_static_assets_are_served_locally(client: TestClient) -> None:
    for url in ("/static/htmx.min.js", "/static/app.js", "/static/app.css",
                "/vendor/plotly.min.js", "/favicon.ico"):
        r = client.get(url)
        assert r.status_code == 200 and len(r.content) > 100, url
    html = client.get("/today").text
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing from another host


def test_body_stream_over_the_cap_is_cut_off(client: TestClient, token: str) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(30):
            yield b"x" * 100_000

    r = client.post("/api/v1/simulate", content=chunks(),
                    headers=h(token) | {"Content-Type": "application/json"})
    assert r.status_code == 413


def test_units_redirect_stays_on_this_app(client: TestClient) -> None:
    tok = page_token(client.get("/logs").text)
    for evil in ("//attacker.example/x", "/\\attacker.example", "https://attacker.example"):
        r = client.post("/settings/units", data={"csrf_token": tok, "units": "metric",
                                                 "next": evil}, follow_redirects=False)
        assert r.headers["location"] == "/"


def test_every_page_renders_in_imperial_units(client: TestClient) -> None:
    client.cookies.set("runlean_units", "imperial")
    try:
        act = client.get("/api/v1/activities").json()[0]["id"]
        for path in ("/today", "/plan", "/activities", f"/activities/{act}", "/logs",
                     "/logs?kind=measurement", "/whatif", "/profile"):
            r = client.get(path)
            assert r.status_code == 200, path
            assert "lb · in · mi" in r.text
        assert "lb trend weight" in client.get("/today").text
        assert "weight [lb]" in client.get("/plan").text
    finally:
        client.cookies.delete("runlean_units")


def test_upload_names_cannot_leave_the_private_folder(client: TestClient, token: str) -> None:
    files = [("files", ("..", b"<gpx", "application/gpx+xml")),
             ("files", ("../../evil.gpx", b"<gpx", "application/gpx+xml"))]
    r = client.post("/api/v1/activities", files=files, headers=h(token))
    assert r.status_code == 200
    assert {row["file"] for row in r.json()["rows"]} == {"upload-0", "evil.gpx"}

