"""Reading news documents into tidy tables: formats, cleaning, outlets, the loader."""

from .cleaning import canonical_url, clean_text, registrable_domain
from .load import Corpus, default_corpus_path, load_corpus, story_with_most_outlets
from .outlets import OutletRegistry, load_outlets

__all__ = ["Corpus", "load_corpus", "default_corpus_path", "story_with_most_outlets", "OutletRegistry",
           "load_outlets", "canonical_url", "clean_text", "registrable_domain"]
