"""Words in texts: tokens, cue-term patterns, distinctive vocabulary, keywords in context, tone."""

from .keyness import (
    VocabularyComparison,
    compare_vocabulary,
    distinctive_terms,
    fightin_words,
    informative_prior,
    log_likelihood,
)
from .kwic import collocations, kwic
from .sentences import split_sentences
from .tokens import tokenize
from .tone import tone
from .topics import TopicModel, topic_prevalence, topics

__all__ = ["tokenize", "fightin_words", "log_likelihood", "informative_prior", "distinctive_terms",
           "VocabularyComparison", "compare_vocabulary", "kwic", "collocations", "tone", "split_sentences",
           "TopicModel", "topics", "topic_prevalence"]
