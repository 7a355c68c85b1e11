"""Role resolution from the settings file's [roles] table."""

import pytest

from dashboard.access import Access, role_for, validate_roles

ROLES = {
    "admin": ["Data.Team@Council.gov.uk"],
    "lead": ["group:SEND Leadership", "head@council.gov.uk"],
    "viewer": ["*@council.gov.uk"],
}


def test_highest_matching_role_wins():
    assert role_for("data.team@council.gov.uk", [], ROLES) == "admin"
    assert role_for("head@council.gov.uk", [], ROLES) == "lead"
    assert role_for("someone@council.gov.uk", ["SEND Leadership"], ROLES) == "lead"
    assert role_for("someone@council.gov.uk", ["Other"], ROLES) == "viewer"


def test_no_match_no_role():
    assert role_for("someone@elsewhere.gov.uk", [], ROLES) is None
    assert role_for(None, [], ROLES) is None
    assert role_for("x@evilcouncil.gov.uk", [], {"viewer": ["*@council.gov.uk"]}) is None


def test_permissions_by_role():
    viewer, lead, admin = (Access(r, "signed_in") for r in ("viewer", "lead", "admin"))
    assert viewer.can("aggregates") and not viewer.can("unsuppressed") and not viewer.can("case_lists")
    assert lead.can("case_lists") and lead.can("unsuppressed") and not lead.can("imports")
    assert admin.can("imports")
    assert not Access(None, "signed_in").can("aggregates")


def test_bad_roles_table_is_one_sentence():
    with pytest.raises(ValueError, match="unknown roles"):
        validate_roles({"superuser": ["a@b.c"]})
    with pytest.raises(ValueError, match="must be a list"):
        validate_roles({"admin": "a@b.c"})
    assert validate_roles(None) == {}
