"""The service report handed to the client: a PDF made with reportlab, no Qt.

:func:`desktop.report.pdf.build_report` writes it; :mod:`desktop.report.verify` reads the
seal back from a PDF and checks it against the record.
"""
