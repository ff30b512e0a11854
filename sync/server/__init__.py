"""The central service: ``fieldbook-server`` (FastAPI on uvicorn, SQLAlchemy 2, Alembic).

It keeps no state between requests: every fact lives in the database, so several
processes can serve one PostgreSQL database behind any load balancer.
"""
