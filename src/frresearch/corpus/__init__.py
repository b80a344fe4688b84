"""Reading news documents into tidy tables: formats, cleaning, outlets, the loader."""

from .attribution import find_credits
from .cleaning import canonical_url, clean_text, registrable_domain
from .copies import copy_summary, find_copies, one_per_copy_group
from .load import Corpus, default_corpus_path, load_corpus, story_with_most_outlets
from .outlets import OutletRegistry, load_outlets

__all__ = ["Corpus", "load_corpus", "default_corpus_path", "story_with_most_outlets", "OutletRegistry",
           "load_outlets", "canonical_url", "clean_text", "registrable_domain", "find_credits", "find_copies",
           "one_per_copy_group", "copy_summary"]
