from __future__ import annotations

import pandas as pd

from frresearch.frames.validation import sample_articles


def test_a_missing_group_value_is_its_own_group():
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(6)],
                             "ownership": ["state", "state", None, None, "commercial", "commercial"]})
    sample = sample_articles(articles, 3, by="ownership")
    assert len(sample) == 3
    assert sample["ownership"].isna().sum() == 1
