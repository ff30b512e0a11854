"""Time to build a detailed service report of 200 entries with a signature, against bare reportlab.

    .venv/bin/python bench/report.py [--entries 200] [--runs 5] [--cpu] [--root CHECKOUT]

The report is built whole: reading the record from the store, fonts run by run, tables,
the signature image, the QR code, page x of y. The baseline, in the same run, is the
least reportlab does for the same words: every paragraph the report prints, as plain
paragraphs in one font covering Latin and Chinese, no tables, no header or footer.
Median of ``--runs`` each (after one warm-up), and the ratio (target: at most 1.5).
``--cpu`` times the process's CPU instead of the wall clock (steadier on a shared, busy
machine); ``--root`` runs another checkout's report code (a "before" worktree) with
this bench, for before/after in the same conditions.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _paragraph_texts(flowables: Sequence[object]) -> list[str]:
    """The words of every paragraph in a story, tables and kept-together blocks included."""
    from reportlab.platypus import KeepTogether, Paragraph, Table

    texts: list[str] = []
    for item in flowables:
        if isinstance(item, Paragraph):
            plain = re.sub(r"<br/>", "\n", item.text)
            plain = re.sub(r"<[^>]+>", "", plain).replace("&nbsp;", " ")
            texts.append(plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
        elif isinstance(item, KeepTogether):
            texts += _paragraph_texts(list(getattr(item, "_content", [])))
        elif isinstance(item, Table):
            for row in getattr(item, "_cellvalues", []):
                for cell in row:
                    cells = cell if isinstance(cell, list | tuple) else [cell]
                    texts += _paragraph_texts(list(cells))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="CPU time, not wall-clock time")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    clock = time.process_time if args.cpu else time.perf_counter

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from desktop.store.db import open_store
    from desktop.usecases.report import load_report_data
    from report import fonts
    from report.pdf import ReportOptions, _Writer, build_report, pick_language
    from tests import conftest
    from tests.report_scenarios import set_company, sign, work_on

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = open_store(tmp / "data")
        office = conftest.office._get_wrapped_function()(store)
        set_company(store)
        base = 14  # the entries work_on records besides the extra ones
        work_on(
            store,
            office.incident_id,
            office.part_id,
            conftest.T0,
            tmp=tmp,
            extra_entries=max(args.entries - base, 0),
            long_notes=True,
        )
        sign(store, office.incident_id, conftest.T0 + timedelta(hours=12))
        options = ReportOptions()
        data = load_report_data(store, office.incident_id)
        entries = len(data.detail.entries)

        def full() -> int:
            out = io.BytesIO()
            fresh = load_report_data(store, office.incident_id)
            return build_report(fresh, out, options).pages

        fonts.register()
        writer = _Writer(data, options, pick_language(data, None))
        texts = _paragraph_texts(writer.build())
        style = ParagraphStyle("bare", fontName=fonts.CJK.name, fontSize=9, leading=12.6)

        def bare() -> int:
            out = io.BytesIO()
            doc = SimpleDocTemplate(out, pagesize=A4)
            doc.build([Paragraph(escape(t).replace("\n", "<br/>"), style) for t in texts])
            return int(doc.page)

        full(), bare()  # warm-up: fonts parsed, caches filled
        report_times, bare_times = [], []
        for _ in range(args.runs):
            t = clock()
            pages = full()
            report_times.append(clock() - t)
            t = clock()
            bare_pages = bare()
            bare_times.append(clock() - t)
        store.close()

    report_median = statistics.median(report_times)
    bare_median = statistics.median(bare_times)
    print(f"entries: {entries} ({len(texts)} paragraphs), signature: yes; {args.root.resolve()}")
    print("times: " + ("CPU (process)" if args.cpu else "wall clock"))
    print(f"full report: median {report_median * 1000:.0f} ms over {args.runs} runs, {pages} pages")
    print(
        f"bare reportlab, same paragraphs: median {bare_median * 1000:.0f} ms, {bare_pages} pages"
    )
    print(f"ratio: {report_median / bare_median:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
