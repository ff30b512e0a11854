"""How the People page names a console sign-in, from the browser's User-Agent."""

from __future__ import annotations

import pytest

from sync.server.console.app import device_name

FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
SAFARI_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15"
)
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (FIREFOX_WIN, "Office console, Firefox on Windows"),
        (EDGE, "Office console, Edge on Windows"),
        (SAFARI_MAC, "Office console, Safari on macOS"),
        (CHROME_ANDROID, "Office console, Chrome on Android"),
        (HEADLESS, "Office console, Chrome (headless) on Linux"),
        ("curl/8.5.0", "Office console (curl/8.5.0)"),
        ("x" * 500, "Office console (" + "x" * 60 + ")"),
        ("", "Office console"),
        ("   ", "Office console"),
    ],
)
def test_a_console_sign_in_is_named_by_its_browser(agent: str, name: str) -> None:
    assert device_name(agent) == name
