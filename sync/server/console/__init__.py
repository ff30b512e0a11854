"""The office console: web pages for dispatch, served by the service at ``/office``.

``app`` holds the pages, ``web`` the sessions, CSRF and headers, ``i18n`` the catalogue;
each page reads through a module of its own (``board``, ``calls``, ``incident_view``,
``people``) and changes things only through :class:`sync.server.office.Office`.
"""
