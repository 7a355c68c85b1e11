"""The sign-in gate and the banners: who is using the app, and in what mode (see dashboard/access.py)."""

from __future__ import annotations

import streamlit as st

from dashboard import read
from dashboard.access import ROLES, Access, role_for, validate_roles
from dashboard.settings import settings_path

IMPORT_NOTES = "_import_notes"  # session key: what the last import said, shown after the rerun it starts


def _auth_configured() -> bool:
    try:
        from streamlit.auth_util import get_secrets_auth_section

        return bool(get_secrets_auth_section())
    except Exception:  # noqa: BLE001 - no secrets file or an unreadable one: not configured
        return False


def gate(settings: dict, engine) -> Access:
    """Decide this session's access; for someone who may not continue, draw a page and stop."""
    try:
        roles = validate_roles(settings.get("roles"))
    except ValueError as exc:
        st.error(str(exc))
        st.stop()
    if _auth_configured() or settings.get("require_sign_in"):
        if not st.user.get("is_logged_in"):
            st.title("SEND performance dashboard")
            st.write("This dashboard holds information about children. Sign in with your council account.")
            st.button("Sign in", on_click=st.login, type="primary")
            st.stop()
        email = st.user.get("email")
        groups = st.user.get("groups") or []
        role = role_for(email, groups if isinstance(groups, list) else [groups], roles)
        if role is None:
            st.error(f"You are signed in as {email}, but you have not been given access to this dashboard. "
                     "Ask the SEND data team to add you.")
            st.button("Sign out", on_click=st.logout)
            st.stop()
        return Access(role, "signed_in", email)
    state, problem = read.data_state(engine)
    if state != "real":  # every record is from the bundled synthetic sample, or there are none yet
        return Access("admin", "demo" if state == "synthetic" else "empty")
    if settings.get("allow_unauthenticated"):
        role = str(settings.get("unauthenticated_role") or "viewer").strip().lower()
        if role not in ROLES:
            st.error(f"The unauthenticated_role setting is '{role}'; use one of {', '.join(ROLES)}.")
            st.stop()
        return Access(role, "unauthenticated")
    lock_screen(problem)


def lock_screen(problem: str | None) -> None:
    """Real data and no sign-in: nothing is shown but how to go on (and the import that got here)."""
    st.title("SEND performance dashboard")
    if problem:
        st.error(problem)
        st.stop()
    for item in (st.session_state.pop(IMPORT_NOTES, None) or {}).get("items", []):  # the import that locked it
        if isinstance(item, str) or not item.ok:
            st.warning(item if isinstance(item, str) else item.summary())
        else:
            st.success(item.summary())
    st.error("This database holds real casework data and sign-in is not configured, so the dashboard will not "
             "show it.")
    st.markdown(
        "To continue, either:\n\n"
        "- **configure sign-in**: an `[auth]` section in `.streamlit/secrets.toml` and a `[roles]` table in "
        "`senddash.toml` (docs/security.md, *Deploying behind the council's sign-in*), then restart the app; or\n"
        "- if this server is **already behind the council's own sign-in**, add `allow_unauthenticated = true` to "
        f"the settings file `{settings_path().resolve()}` (or set `SENDDASH_ALLOW_UNAUTHENTICATED=true` and "
        "restart), then reload this page: everyone who reaches the server sees the data as a viewer "
        "(the `unauthenticated_role` setting).\n\n"
        "To look at the synthetic sample instead, give it a database of its own: "
        "`senddash --db sqlite:///data/demo.sqlite demo`, then `senddash --db sqlite:///data/demo.sqlite serve`.")
    st.stop()


def banner(access: Access) -> None:
    """Say on every page how the app is being used."""
    if access.mode == "demo":
        st.warning("**Demo mode**: synthetic sample data only, no sign-in. Importing a real extract replaces the "
                   "sample (after a confirmation) and locks the dashboard until sign-in is configured.",
                   icon=":material/science:")
    elif access.mode == "empty":
        st.info("**No data loaded yet.** Load the LA's extracts on the **Data** page (the first real file locks "
                "the dashboard until sign-in is configured), or run `senddash demo` for the synthetic sample.",
                icon=":material/database:")
    elif access.mode == "unauthenticated":
        st.warning(f"**Sign-in is switched off** (allow_unauthenticated): anyone who can reach this server sees "
                   f"this data, as {'an' if access.role[0] in 'aeiou' else 'a'} {access.role}.", icon=":material/lock_open:")
    with st.sidebar:
        if access.mode == "signed_in":
            st.caption(f"Signed in as {access.who} ({access.role})")
            st.button("Sign out", on_click=st.logout, key="signout")


def current() -> Access:
    return st.session_state.get("_access", Access("viewer", "demo"))
