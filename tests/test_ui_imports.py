"""The Data page's upload checks (type and size) run before a byte is written anywhere."""

import pytest

from dashboard.ui.imports import upload_limit_mb, upload_problem
from data_access.importers.base import MAX_FILE_BYTES


@pytest.mark.parametrize("name", ["SEN2.xml", "casework.CSV", "x.xlsx", "x.csv.gz", "release.zip"])
def test_the_importers_file_types_are_accepted(name):
    assert upload_problem(name, 10, 50) is None


@pytest.mark.parametrize("name", ["payload.exe", "macro.xlsm", "notes.docx", "noextension"])
def test_other_types_are_refused_in_one_sentence(name):
    msg = upload_problem(name, 10, 50)
    assert msg.startswith(name) and msg.endswith(".") and ".xml" in msg


def test_size_limit_is_exact_to_the_byte():
    assert upload_problem("a.csv", 50 * 2**20, 50) is None
    assert upload_problem("a.csv", 50 * 2**20 + 1, 50) == "a.csv is 50.0 MB, over the 50 MB upload limit."


def test_the_setting_is_kept_within_the_importers_own_limit():
    assert upload_limit_mb({"max_upload_mb": 20}) == 20
    assert upload_limit_mb({"max_upload_mb": 10_000}) == MAX_FILE_BYTES // 2**20
    assert upload_limit_mb({"max_upload_mb": 0}) == 1
