"""Screenshots of the statement: the console's page and the PDF's first pages, in English
and Chinese, from the demo office.

    .venv/bin/python -m tests.console.statement_screenshots --out docs/screenshots

Seeds the demo into a temporary SQLite database, serves it, opens last month's statement
of a Chinese-speaking client in headless chromium (``console-statement-en.png``,
``console-statement-zh.png``), and renders the PDF in both languages with ``pdftoppm``
(``statement-pdf-en.png``, ``statement-pdf-zh.png``); and the board's "needs
attention" lane (``console-board-attention-en.png``).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from sync.server.db import Database
from sync.server.models import ContractRow
from tests.console.browser import chromium
from tests.console.screenshots import ROOT, seed_demo, serving, shoot, sign_in

CLIENT_CONTRACT = "EMA-2026-001"  # 上海华东医疗集团: reads Chinese


def last_month(now: datetime) -> str:
    return (now.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def take(out: Path, incidents: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    month = last_month(datetime.now(UTC))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp / 'demo.db'}"
        seed_demo(db_url, incidents)
        db = Database(db_url, pool_size=1)
        with db.read() as s:
            row = s.query(ContractRow).filter(ContractRow.number == CLIENT_CONTRACT).one()
            contract = str(row.id)
        db.dispose()
        query = f"contract={contract}&month={month}"
        with serving(db_url, tmp / "server.log") as url:
            driver = chromium(tmp / "profile")
            try:
                sign_in(driver, url)
                for lang in ("en", "zh"):
                    driver.get(f"{url}/office/lang/{lang}?next=/office/board")
                    driver.get(f"{url}/office/statements?{query}")
                    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "figures"))
                    made.append(out / f"console-statement-{lang}.png")
                    shoot(driver, made[-1])
                # The board's "needs attention" lane (clocks past 75 % and breaches).
                driver.get(f"{url}/office/lang/en?next=/office/board%3Fshow%3Dattention")
                WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "chip-attention"))
                made.append(out / "console-board-attention-en.png")
                shoot(driver, made[-1], full=False, height=900)
                cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
            finally:
                driver.quit()
            for lang in ("en", "zh"):
                answer = requests.get(
                    f"{url}/office/statements/statement.pdf?{query}&lang={lang}",
                    cookies=cookies,
                    timeout=60,
                )
                answer.raise_for_status()
                pdf = tmp / f"statement-{lang}.pdf"
                pdf.write_bytes(answer.content)
                target = out / f"statement-pdf-{lang}"
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-r",
                        "90",
                        "-f",
                        "1",
                        "-l",
                        "1",
                        "-singlefile",
                        str(pdf),
                        str(target),
                    ],
                    check=True,
                )
                made.append(target.with_suffix(".png"))
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--incidents", type=int, default=200)
    args = parser.parse_args()
    for path in take(args.out, args.incidents):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
