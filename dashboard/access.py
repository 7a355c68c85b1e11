"""Who may see what: roles from the settings file, and what each role may do. No Streamlit here.

Roles (highest wins): *viewer* sees the aggregate pages with small numbers suppressed; *lead* sees them
unsuppressed, with lists of case ids; *admin* may also import files and refresh benchmarks. The settings
file maps people to roles::

    [roles]
    admin = ["send.data@council.gov.uk"]
    lead = ["group:SEND Leadership", "head.of.send@council.gov.uk"]
    viewer = ["*@council.gov.uk"]

An entry is an e-mail address (any case), ``*@domain`` for everyone at a domain, or ``group:NAME`` for a
group (object id or name) in the identity provider's ``groups`` claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ROLES = ("viewer", "lead", "admin")
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"aggregates"}),
    "lead": frozenset({"aggregates", "unsuppressed", "case_lists"}),
    "admin": frozenset({"aggregates", "unsuppressed", "case_lists", "imports"}),
}


@dataclass(frozen=True)
class Access:
    role: str | None  # None: signed in but not given a role
    mode: str  # signed_in | demo (synthetic sample only) | empty (no records yet) | unauthenticated
    who: str | None = None

    def can(self, permission: str) -> bool:
        return self.role is not None and permission in PERMISSIONS[self.role]


def sees_finance(access: Access, settings: Mapping[str, object]) -> bool:
    """Leads and admins see the high-needs money; viewers only when ``show_finance_to_viewers`` is on (the
    committee's papers are public, so the council decides)."""
    return access.can("unsuppressed") or (access.can("aggregates") and bool(settings.get("show_finance_to_viewers")))


def _matches(entry: str, email: str, groups: set[str]) -> bool:
    entry = entry.strip()
    if entry.lower().startswith("group:"):
        return entry[6:].strip() in groups
    if entry.startswith("*@"):
        return email.endswith(entry[1:].lower())
    return email == entry.lower()


def role_for(email: str | None, groups: Iterable[str], roles: Mapping[str, Iterable[str]]) -> str | None:
    """The highest role whose entries match the person, or None."""
    mail = (email or "").strip().lower()
    grp = {str(g).strip() for g in groups or ()}
    for role in reversed(ROLES):
        if any(_matches(str(e), mail, grp) for e in roles.get(role, ()) or ()):
            return role
    return None


def validate_roles(roles: object) -> dict[str, list[str]]:
    """The ``[roles]`` table checked: only known roles, each a list of strings. Raises ValueError."""
    if roles in (None, ""):
        return {}
    if not isinstance(roles, Mapping):
        raise ValueError("The [roles] setting must be a table of role = [entries].")
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise ValueError(f"The [roles] setting names unknown roles {unknown}; use {', '.join(ROLES)}.")
    out = {}
    for role, entries in roles.items():
        if isinstance(entries, str) or not all(isinstance(e, str) for e in entries):
            raise ValueError(f"The [roles] entry '{role}' must be a list of e-mail addresses or groups.")
        out[role] = list(entries)
    return out
