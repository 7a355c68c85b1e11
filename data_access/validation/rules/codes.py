"""codes rules (see data_access/validation/registry.py)."""
