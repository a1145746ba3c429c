"""Alembic migrations of the attachment register, shipped inside the package.

Run them with ``emhana register migrate`` or :func:`catchments.register.migrate`; no
``alembic.ini`` is needed. To write a new revision after changing the tables of
:mod:`catchments.register`, from the repository root::

    python -c "from catchments.register import make_revision; make_revision('what changed')"

and review the generated file under ``versions/`` (autogenerate misses triggers and data moves).
"""
