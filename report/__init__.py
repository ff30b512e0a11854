"""The service report handed to the client: a PDF made with reportlab from plain records.

:func:`report.pdf.build_report` writes it from a :class:`report.data.ReportData`, which
either end fills (the laptop from its store, the service from its database), so both
render the identical document; :mod:`report.verify` reads the seal back from a PDF.
"""
