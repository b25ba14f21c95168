"""A synthetic French press corpus whose content is known, to measure vigie at any size.

``write_synthetic_corpus(n, out, seed=...)`` writes ``n`` articles as
``out/0000/000000.txt`` ... (at most 1,000 files a folder), ``out/metadata.csv``
(path, title, date, source, url: what ``vigie ingest`` reads) and the truth,
``out/.truth.jsonl`` (hidden, so that ingesting ``out`` does not read it as a
table of articles), one JSON object per article: ``id`` (the path without
extension, as vigie names it), ``path``, ``date``, ``source``, ``kind``
(original, dispatch, republication, duplicate, same_event), ``event``,
``story``, ``n_words``, ``actors`` (canonical name, type, registered or not,
number of mentions) and ``themes``.  The same seed writes the same bytes,
whatever the number of processes.

Why it looks the way it does
- Actors come from the registry (``vigie.nlp.load_registry``) plus invented
  people and organisations that are *not* in it, so that both the registry
  matcher and the model's recall are measured.  Names are written the ways the
  press writes them: full name first, then the surname alone or "M."/"Mme" +
  surname, aliases, sometimes in capitals or without accents, places with
  their article ("la France", "aux États-Unis"), organisations with theirs
  ("la CNIL", "l'Arcom").  Every occurrence is recorded as it is written
  (terms that name an actor, "loi Avia", included), so mention counts are
  facts, not guesses.
- Theme vocabulary comes from the lexicon (``vigie.nlp.load_lexicon``): an
  article's themes are those whose inserted terms weigh at least the
  lexicon's threshold.  The sentence frames around them contain no lexicon
  term (a test checks it), so the truth is what was put in.
- Dates span 2016-2024 with a weekly rhythm (quiet weekends and Augusts), a
  slow growth and bursts: a burst is an event covered by many articles over a
  few days, on its own themes and around its own person.
- Stories: ``wire_share`` of the articles come from agency dispatches (AFP,
  Reuters), the dispatch itself or its republications with the edits sites
  make: a new title, the last paragraphs cut, a lead sentence added,
  boilerplate, a few words reworded, their own quote marks, the date a day
  later.  Archives also hold some files twice.  Some events get a second
  article written independently (same actors, date and quote, different
  text): it must *not* be grouped.  ``story`` is the id of the story's
  earliest article (by date, then id), the article's own id when alone.

Text comes from a small grammar (``grammar.GRAMMAR``: symbols with
alternatives, expanded at random), so that separately written articles share
topic words but few five-word runs, as real articles do (more than real ones,
in fact: unrelated synthetic articles share up to ~10 % of their 5-word runs).

The package, in the order an article is made:

- ``french``: rules of written French the others share (places' and
  organisations' articles, "de", days, word counts);
- ``press``: outlets, agencies and their habits (boilerplate, rewordings,
  quotation marks);
- ``grammar``: the sentence frames;
- ``cast``: who can appear, registered or invented, and the writable terms;
- ``plan``: events, their dated articles and ids;
- ``pen``: one article's sentences, recording what they contain;
- ``articles``: an event's articles and their copies;
- ``corpus``: files, ``metadata.csv`` and the truth, in any number of processes.
"""
from vigie.synth.corpus import TRUTH_FILE, SynthSummary, write_synthetic_corpus

__all__ = ["TRUTH_FILE", "SynthSummary", "write_synthetic_corpus"]
