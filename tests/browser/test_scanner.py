"""End to end in chromium: the door scanner. A QR code is shown to Chromium's fake camera (a Y4M
video of the code), decoded by the page's QR library and checked in through the API; a reference is
typed; a forged code is refused."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
import segno
import sqlalchemy as sa

from app.auth.models import User
from app.events.models import WorkshopStatus
from app.events.services import DaySlot, change_status
from app.extensions import db
from app.registration.models import CheckIn
from app.registration.services import PersonData, code_for, create_participant, register, today_in_baghdad
from tests import factories
from tests.browser.conftest import launch

pytestmark = pytest.mark.browser
WIDTH, HEIGHT, FRAMES = 640, 480, 30


def _y4m_showing(text: str, path: Path) -> None:
    """A short greyscale video whose every frame shows `text` as a QR code (Y4M, I420)."""
    matrix = segno.make(text, error="m").matrix
    modules = len(matrix) + 8  # with the quiet zone
    scale = min(WIDTH, HEIGHT) * 9 // 10 // modules
    left, top = (WIDTH - modules * scale) // 2, (HEIGHT - modules * scale) // 2
    luma = bytearray([235]) * (WIDTH * HEIGHT)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                x0, y0 = left + (column + 4) * scale, top + (row + 4) * scale
                for y in range(y0, y0 + scale):
                    luma[y * WIDTH + x0: y * WIDTH + x0 + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (WIDTH * HEIGHT // 4)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    path.write_bytes(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F30:1 Ip A1:1 C420jpeg\n".encode() + frame * FRAMES)


def _door(app) -> tuple[int, str, str]:
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        facilitator = db.session.scalar(sa.select(User).where(User.username == "facilitator"))
        workshop = factories.make_workshop(organisation=organiser.organisation, facilitators=[facilitator],
                                           days=[DaySlot(today_in_baghdad(), time(0, 0), time(23, 59))])
        change_status(workshop, WorkshopStatus.PLANNED, organiser)
        change_status(workshop, WorkshopStatus.OPEN, organiser)
        registration = register(workshop, create_participant(
            PersonData(full_name="زينب حسن", organisation_name="جمعية صوت البصرة"), None), None)
        db.session.commit()
        return workshop.id, code_for(registration), registration.reference


def _sign_in(page, live_server: str) -> None:
    page.goto(f"{live_server}/auth/login")
    page.fill("#username", "facilitator")
    page.fill("#password", factories.PASSWORD)
    page.click("form button[type=submit].w-100")
    page.wait_for_url(f"{live_server}/")


def test_camera_scan_checks_in_through_the_fake_camera(app, playwright, live_server: str, accounts, tmp_path) -> None:
    workshop_id, code, _ = _door(app)
    video = tmp_path / "qr.y4m"
    _y4m_showing(f"{live_server}/registration/p/{code}", video)
    camera_args = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                   f"--use-file-for-fake-video-capture={video}"]
    browser = launch(playwright, *camera_args)
    try:
        page = browser.new_page()
        page.set_default_timeout(15_000)
        _sign_in(page, live_server)
        page.goto(f"{live_server}/registration/workshops/{workshop_id}/scanner")
        page.click("#camera-start")
        page.wait_for_selector("#result[data-result=ok]", timeout=40_000)  # decoding a fake camera is slow under load
        assert "زينب حسن" in page.inner_text("#result")
        # The badge stays in front of the camera: the page does not send it again and again.
        page.wait_for_timeout(1500)
        assert page.get_attribute("#result", "data-result") == "ok"
    finally:
        browser.close()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 1


def test_reference_typing_and_a_second_scan_in_the_scanner_page(app, page, live_server: str, accounts) -> None:
    workshop_id, _, reference = _door(app)
    _sign_in(page, live_server)
    page.goto(f"/registration/workshops/{workshop_id}/scanner")
    page.fill("#reference", reference.lower())
    page.click("#reference-form button")
    page.wait_for_selector("#result[data-result=ok]")
    assert "جمعية صوت البصرة" in page.inner_text("#result")
    page.fill("#reference", reference)
    page.click("#reference-form button")
    page.wait_for_selector("#result[data-result=already_checked_in]")
    assert "Already checked in today at" in page.inner_text("#result")
    page.fill("#reference", "ZZZZ-ZZZZ")
    page.click("#reference-form button")
    page.wait_for_selector("#result[data-result=invalid]")
    assert "Invalid code" in page.inner_text("#result")
    page.fill("#search", "زينب")
    page.click("#search-form button")
    page.wait_for_selector("#search-results li button")
    assert "زينب حسن" in page.inner_text("#search-results")
