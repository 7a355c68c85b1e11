"""Validation of an SEN2 return or casework extract before it is sent (issue 13): rules as data, no database.

``build`` turns a parsed file into a :class:`~data_access.validation.model.Return`; ``engine.findings`` runs every
rule in ``registry.RULES`` (registered by the modules of ``rules/``) on it.
"""
