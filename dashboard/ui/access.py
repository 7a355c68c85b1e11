"""The sign-in gate and the banners: who is using the app, and in what mode (see dashboard/access.py)."""

from __future__ import annotations

import streamlit as st

from dashboard import read
from dashboard.access import ROLES, Access, role_for, validate_roles


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
    real, problem = read.real_data_check(engine)
    if not real:  # every record is from the bundled synthetic sample
        return Access("admin", "demo")
    if settings.get("allow_unauthenticated"):
        role = str(settings.get("unauthenticated_role") or "viewer").strip().lower()
        if role not in ROLES:
            st.error(f"The unauthenticated_role setting is '{role}'; use one of {', '.join(ROLES)}.")
            st.stop()
        return Access(role, "unauthenticated")
    st.title("SEND performance dashboard")
    st.error(problem or "This database holds real casework data and sign-in is not configured, so the dashboard "
             "will not show it. Configure sign-in (see docs/security.md), or set allow_unauthenticated = true if "
             "the server is already behind the council's own sign-in.")
    st.stop()


def banner(access: Access) -> None:
    """Say on every page how the app is being used."""
    if access.mode == "demo":
        st.warning("**Demo mode**: synthetic sample data only, no sign-in. Loading a real extract locks the "
                   "dashboard until sign-in is configured.", icon=":material/science:")
    elif access.mode == "unauthenticated":
        st.warning(f"**Sign-in is switched off** (allow_unauthenticated): anyone who can reach this server sees "
                   f"this data, as a {access.role}.", icon=":material/lock_open:")
    with st.sidebar:
        if access.mode == "signed_in":
            st.caption(f"Signed in as {access.who} ({access.role})")
            st.button("Sign out", on_click=st.logout, key="signout")


def current() -> Access:
    return st.session_state.get("_access", Access("viewer", "demo"))
