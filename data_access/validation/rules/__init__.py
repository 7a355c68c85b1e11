"""Every rule module, imported so that its rules register (one module per family)."""

from data_access.validation.rules import codes, consistency, dates, identifiers, plausibility  # noqa: F401
