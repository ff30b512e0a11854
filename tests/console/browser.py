"""Debian's headless chromium driven by Selenium, for the console's end-to-end tests,
its screenshots and its benchmark.

A fresh profile each time, and none of Chromium's own network traffic (background
updates, sync, QUIC): the machine has no network beyond the service under test, and
Chromium would otherwise wait on it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def unavailable() -> str | None:
    """Why there is no browser here (None: there is one)."""
    if not any(Path(p).exists() for p in CHROMIUM):
        return "Debian's chromium is not installed (scripts/setup installs it)"
    if not any(Path(p).exists() for p in DRIVER) and shutil.which("chromedriver") is None:
        return "Debian's chromium-driver is not installed (scripts/setup installs it)"
    return None


def chromium(
    profile: Path, *, width: int = 1440, height: int = 900, lang: str = "en"
) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = next(p for p in CHROMIUM if Path(p).exists())
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--password-store=basic",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        f"--lang={lang}",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {
            "intl.accept_languages": lang,
            "download.default_directory": str(profile / "downloads"),
            "download.prompt_for_download": False,
        },
    )
    driver_path = next((p for p in DRIVER if Path(p).exists()), None) or shutil.which(
        "chromedriver"
    )
    assert driver_path is not None
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(60)
    return driver
