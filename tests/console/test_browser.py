"""The console in a real browser (Debian's headless chromium) against the real service,
with real laptops syncing: what a dispatcher does and sees, end to end."""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from desktop.store.models import OutboxState
from desktop.syncing import errors
from desktop.usecases import incidents, notes
from domain.records import Status
from sync.server.models import IncidentRow
from tests.console.conftest import Office, make_office
from tests.console.signed import signed_incident
from tests.sync.conftest import Backend
from tests.sync.laptops import Laptop, require_keyring

LIVE = 2.0  # seconds within which the board shows a laptop's sync


@pytest.fixture
def office(sqlite_backend: Backend, chromium: Any) -> Office:
    made = make_office(sqlite_backend)
    sign_in(chromium, sqlite_backend.url, made.dispatcher)
    return made


@pytest.fixture
def laptops(tmp_path: Path, sqlite_backend: Backend) -> Iterator[list[Laptop]]:
    require_keyring()
    made = [Laptop(tmp_path / f"laptop{i}", sqlite_backend.url) for i in range(2)]
    yield made
    for laptop in made:
        laptop.close()


def sign_in(driver: Any, url: str, username: str, password: str = "pw") -> None:
    driver.delete_all_cookies()
    driver.get(url + "/office/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password + Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: "/office/login" not in d.current_url)


def wait(driver: Any, seconds: float = 10) -> WebDriverWait:  # type: ignore[type-arg]
    return WebDriverWait(driver, seconds, poll_frequency=0.05)


def text_of(driver: Any, css: str) -> str:
    """The text of the element at ``css`` now (read in one go: the board swaps its rows)."""
    found = driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css
    )
    return str(found or "").strip()


def class_of(driver: Any, css: str) -> str:
    found = driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.className : null;", css
    )
    return str(found or "")


def active_name(driver: Any) -> str:
    return str(driver.switch_to.active_element.get_attribute("name") or "")


def test_a_technicians_login_is_refused(chromium: Any, sqlite_backend: Backend) -> None:
    made = make_office(sqlite_backend)
    chromium.delete_all_cookies()
    chromium.get(sqlite_backend.url + "/office/login")
    chromium.find_element(By.NAME, "username").send_keys(f"a-{made.world.tag}")
    chromium.find_element(By.NAME, "password").send_keys("pw" + Keys.ENTER)
    alert = wait(chromium).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".alert")))
    assert "Technicians use the laptop" in alert.text
    chromium.get(sqlite_backend.url + "/office/board")
    assert "/office/login" in chromium.current_url


def test_take_a_call_with_the_keyboard_and_assign_it(chromium: Any, office: Office) -> None:
    d = chromium
    chosen = f"Zhou {office.world.tag}"
    zhou = office.backend.office.add_user(f"zhou-{office.world.tag}", chosen, "pw")
    d.get(office.backend.url + "/office/calls/new")
    assert active_name(d) == "client"  # the cursor starts where the call starts
    d.switch_to.active_element.send_keys(office.client_name)
    wait(d).until(ec.presence_of_element_located((By.NAME, "system")))
    steps: list[tuple[str, str]] = [
        ("caller", "张主任"),
        ("phone", "+86 138 1234 5678"),
        ("channel", ""),
        ("contract", ""),
        ("system", "Oracle"),
        ("system_name", ""),
    ]
    for name, keys in steps:
        d.switch_to.active_element.send_keys(Keys.TAB)
        assert active_name(d) == name
        if keys:
            d.switch_to.active_element.send_keys(keys)
    # The world has this system open already: the form says so, and asks.
    warning = wait(d).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".duplicates")))
    assert "already has 2 open incidents" in warning.text
    d.switch_to.active_element.send_keys(Keys.TAB)
    assert active_name(d) == "separate"
    d.switch_to.active_element.send_keys(Keys.SPACE)
    for _link in range(3):  # past the links to the open incidents
        d.switch_to.active_element.send_keys(Keys.TAB)
        if active_name(d) == "priority":
            break
        assert d.switch_to.active_element.tag_name == "a"
    assert active_name(d) == "priority"
    d.switch_to.active_element.send_keys(Keys.SPACE)  # P1, the first
    for name, keys in (
        ("notified_at", ""),
        ("title", "数据库主节点宕机 / primary node down"),
        ("description", "Nothing connects since 09:10."),
        ("assign", chosen),  # typed to find
    ):
        d.switch_to.active_element.send_keys(Keys.TAB)
        assert active_name(d) == name
        if keys:
            d.switch_to.active_element.send_keys(keys)
    d.switch_to.active_element.send_keys(Keys.TAB)
    d.switch_to.active_element.send_keys(Keys.ENTER)
    notice = wait(d).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert "The call is recorded as INC-" in notice.text
    number = notice.text.split("recorded as ")[1].split(".")[0]
    with office.backend.db.read() as s:
        row = s.scalars(select(IncidentRow).where(IncidentRow.number == number)).one()
        assert row.assigned_to == zhou
        assert row.title == "数据库主节点宕机 / primary node down"
        assert "张主任" in row.description
    d.get(office.backend.url + "/office/board")
    assert d.find_element(By.ID, f"i-{row.id}")


def test_a_laptops_sync_shows_on_the_board_without_a_reload(
    chromium: Any, office: Office, laptops: list[Laptop]
) -> None:
    d, w = chromium, office.world
    laptop = laptops[0]
    laptop.login(f"a-{w.tag}")
    assert laptop.sync().complete
    d.get(office.backend.url + "/office/board")
    wait(d).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-live") == "up")
    d.execute_script("window.fieldbookSamePage = true;")
    status = f"#i-{w.incident_a} .st"
    assert text_of(d, status) == "new"
    notes.add_note(laptop.store, w.incident_a, "在机房，正在检查 / on site, checking")
    incidents.change_status(laptop.store, w.incident_a, Status.RESPONDED)
    started = time.monotonic()
    assert laptop.sync().complete
    wait(d, LIVE).until(lambda d: text_of(d, status) == "responded")
    seen = time.monotonic() - started
    assert seen < LIVE
    assert d.execute_script("return window.fieldbookSamePage === true;")  # no reload
    # The response clock stopped on the laptop's word (late: the world's call is old).
    cell = f"#i-{w.incident_a} td.clk"
    assert "missed" in class_of(d, cell)
    assert not d.execute_script("return document.querySelector(arguments[0]).dataset.due", cell)


def test_reassign_and_the_old_laptop_loses_it(
    chromium: Any, office: Office, laptops: list[Laptop]
) -> None:
    d, w = chromium, office.world
    old, new = laptops
    old.login(f"a-{w.tag}")
    new.login(f"b-{w.tag}")
    assert old.sync().complete and new.sync().complete
    assert w.incident_a in old.incident_ids() and w.incident_a not in new.incident_ids()
    d.get(office.backend.url + f"/office/incidents/{w.incident_a}")
    Select(d.find_element(By.ID, "assign-technician")).select_by_value(str(w.b_id))
    form = d.find_element(By.CSS_SELECTOR, "form[action$='/assign']")
    form.find_element(By.NAME, "reason").send_keys("A is on another site")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    notice = wait(d).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert "Assigned" in notice.text
    assert "A is on another site" in d.find_element(By.CSS_SELECTOR, ".timeline").text
    assert old.sync().complete and new.sync().complete
    assert w.incident_a not in old.incident_ids()
    assert w.incident_a in new.incident_ids()


def test_open_a_signed_incident_and_download_its_report(
    chromium: Any, office: Office, laptops: list[Laptop], tmp_path: Path
) -> None:
    d, w = chromium, office.world
    incident = signed_incident(w, laptops[0], tmp_path)
    d.get(office.backend.url + f"/office/incidents/{incident}")
    seal = d.find_element(By.CSS_SELECTOR, ".seal")
    assert "The seal verifies" in seal.text and "ok" in seal.get_attribute("class")
    signature = d.find_element(By.CSS_SELECTOR, "img.signature")
    wait(d).until(lambda d: d.execute_script("return arguments[0].naturalWidth", signature) > 0)
    photo = d.find_element(By.CSS_SELECTOR, "img.photo")
    wait(d).until(lambda d: d.execute_script("return arguments[0].naturalWidth", photo) > 0)
    downloads = Path(d.capabilities["chrome"]["userDataDir"]) / "downloads"
    d.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    link = d.find_element(By.CSS_SELECTOR, "a[href*='report.pdf?kind=detailed&lang=en']")
    link.click()

    def downloaded(_d: Any) -> Path | bool:
        done = [p for p in downloads.glob("*.pdf") if p.stat().st_size > 0]
        return done[0] if done else False

    pdf = wait(d, 30).until(downloaded)
    assert isinstance(pdf, Path) and pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    seal_text = d.find_element(By.CSS_SELECTOR, ".hash code").text
    assert seal_text[:16] in text.replace(" ", "").replace("\n", "")


def test_a_form_posted_without_its_csrf_token_is_refused(chromium: Any, office: Office) -> None:
    d, w = chromium, office.world
    d.get(office.backend.url + f"/office/incidents/{w.incident_b}")
    form = d.find_element(By.CSS_SELECTOR, "form[action$='/cancel']")
    d.execute_script("arguments[0].querySelector('input[name=csrf]').remove()", form)
    form.find_element(By.NAME, "reason").send_keys("forged")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    alert = wait(d).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".alert")))
    assert "Nothing was changed" in alert.text
    with office.backend.db.read() as s:
        row = s.get(IncidentRow, w.incident_b)
        assert row is not None and row.status is Status.NEW


def _new_device(office: Office, user: str, before: set[uuid.UUID]) -> uuid.UUID:
    [device] = [d.id for d in office.backend.office.devices(user) if d.id not in before]
    return device


def test_sign_a_laptop_out_and_mark_another_lost_from_the_people_page(
    chromium: Any, office: Office, laptops: list[Laptop]
) -> None:
    d, w = chromium, office.world
    kept, lost = laptops
    devices: list[uuid.UUID] = []
    # Two technicians (one keyring here keeps one token per office and user).
    for laptop, user in ((kept, f"a-{w.tag}"), (lost, f"b-{w.tag}")):
        before = {x.id for x in w.backend.office.devices(user)}
        laptop.login(user)
        assert laptop.sync().complete
        devices.append(_new_device(office, user, before))
    notes.add_note(kept.store, w.incident_a, "written before the office signed it out")
    people = office.backend.url + "/office/people"

    d.get(people)
    d.find_element(By.CSS_SELECTOR, f"form[action$='/devices/{devices[0]}/revoke'] button").click()
    notice = wait(d).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert "Signed out" in notice.text
    assert not d.find_elements(By.CSS_SELECTOR, f"form[action$='/devices/{devices[0]}/revoke']")
    with pytest.raises(errors.SignedOutByOffice):
        kept.sync()
    assert kept.outbox()[OutboxState.PENDING] == 1  # the laptop's work is kept

    d.get(people)
    d.find_element(By.CSS_SELECTOR, f"form[action$='/devices/{devices[1]}/lost'] button").click()
    notice = wait(d).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert "Marked lost" in notice.text
    assert "erased at its next contact" in d.find_element(By.CSS_SELECTOR, "table").text
    with pytest.raises(errors.DeviceWiped):
        lost.sync()
    assert list(lost.path.iterdir()) == []
    d.get(people)
    assert "erase sent" in d.find_element(By.CSS_SELECTOR, "table").text
