"""clean_text: characters fixed, page furniture dropped by its form, paragraphs kept."""
import pytest

from vigie.corpus.clean import clean_text, normalise


def test_typographic_apostrophes_and_quotes_become_ascii():
    assert clean_text("l\u2019Élysée, \u201cgrand\u201d, l\u2018autre, l\u00b4État") == "l'Élysée, \"grand\", l'autre, l'État"


def test_guillemets_are_kept_with_ordinary_spaces_inside():
    assert clean_text("\u00ab\u00a0Charte\u202fouverte\u00a0\u00bb") == "« Charte ouverte »"


def test_odd_spaces_collapse_and_invisible_characters_go():
    raw = "Mark\u2009Zucker\u200bberg\u00ad  a\tparlé\u2060 \u3000 ici"
    assert clean_text(raw) == "Mark Zuckerberg a parlé ici"


def test_decomposed_accents_are_composed():
    assert clean_text("E\u0301lyse\u0301e") == "Élysée"


def test_control_characters_are_removed_but_line_breaks_kept():
    assert clean_text("un\x07 deux\x1b\x00\nfin\x0cpage") == "un deux\nfin\npage"


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\u2028"])
def test_line_ends_become_newlines(ending):
    assert clean_text(f"premier{ending}second") == "premier\nsecond"


def test_paragraph_breaks_survive_but_blank_runs_shrink():
    assert clean_text("Premier paragraphe.\n\n\n\n  Second paragraphe.  \n") == "Premier paragraphe.\n\nSecond paragraphe."


@pytest.mark.parametrize(
    "furniture",
    [
        "Leave a Reply",
        "Leave a comment",
        "Laisser un commentaire",
        "Laissez une réponse",
        "Your email address will not be published. Required fields are marked *",
        "Votre adresse e-mail ne sera pas publiée.",
        "Les champs obligatoires sont indiqués avec *",
        "You may use these HTML tags and attributes: <a href=\"\" title=\"\"> <b> <i>",
        "error: Content is protected !!",
        "Alert: Contenu protégé",
        "[ Publicité ]",
        "Publicité",
        "ADVERTISEMENT",
        "- Advertisement -",
        "*",
        "* * *",
        "—",
        "Rechercher",
        "Partager",
        "Partager sur Facebook",
        "Share on Twitter",
        "Lire aussi",
        "Lire aussi : Le Sénat adopte la loi",
        "À lire aussi »",
        "Read more…",
        "Abonnez-vous",
        "la-france-retarde-la-signature-de-l'engagement-internet",
        "un-article-de-presse-2019.html",
    ],
)
def test_page_furniture_lines_are_dropped(furniture):
    assert clean_text(f"Le titre de l'article\n\n{furniture}\n\nLe corps du texte.") == (
        "Le titre de l'article\n\nLe corps du texte."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Partager les richesses est un enjeu, a dit le ministre.",
        "Rechercher des solutions reste la priorité du gouvernement.",
        "La publicité en ligne finance la presse.",
        "Saint-Jean-de-Luz-Ciboure accueille le sommet.",
        "Le 2019-05-16 a été retenu.",
        "Jean-Pierre",
        "12",
        "anti-tech",
    ],
)
def test_running_text_that_merely_resembles_furniture_is_kept(line):
    assert clean_text(f"Titre de l'article\n{line}") == f"Titre de l'article\n{line}"


def test_a_title_repeated_by_the_page_template_is_dropped():
    raw = "Interview du ministre sur les réseaux | vie-publique.fr | Discours\n\n[ Publicité ]\n\nInterview du ministre sur les réseaux\n\nCorps."
    assert clean_text(raw) == "Interview du ministre sur les réseaux | vie-publique.fr | Discours\n\nCorps."


def test_a_short_first_line_repeated_is_not_taken_for_a_title():
    assert clean_text("Oui\nNon\nOui") == "Oui\nNon\nOui"


def test_a_header_prefix_does_not_hide_the_repeated_title():
    assert clean_text("date 2019-05 Le sommet de Paris\nLe sommet de Paris\nCorps") == "date 2019-05 Le sommet de Paris\nCorps"


def test_html_payloads_stay_literal_text():
    raw = "Il a écrit <script>alert('x')</script> puis <img src=x onerror=alert(1)>."
    assert clean_text(raw) == raw


def test_normalise_only_fixes_characters():
    assert normalise("Rechercher\u00a0\r\n*") == "Rechercher\n*"


def test_clean_text_is_idempotent_on_the_samples(sample_texts):
    for raw in sample_texts.values():
        once = clean_text(raw)
        assert clean_text(once) == once
