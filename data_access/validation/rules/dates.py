"""dates rules (see data_access/validation/registry.py)."""
