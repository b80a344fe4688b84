from __future__ import annotations

import pytest

from frresearch.exceptions import FrresearchError
from frresearch.output.runner import _codebook_parameter, open_analysis


def test_a_shipped_codebook_name_reaches_the_notebooks(tmp_path):
    assert _codebook_parameter("generic") == "generic"
    assert _codebook_parameter(None) is None
    with pytest.raises(FrresearchError, match="codebook 'nowhere.yml' does not exist"):
        _codebook_parameter("nowhere.yml")
    _, codebook, _ = open_analysis(None, "generic", None, tmp_path, "02_frames")
    assert "leadership" in codebook.keys()
