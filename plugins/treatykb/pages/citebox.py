"""What a record page gives a reader who takes it into a court file or a report: the
"How to cite" box, the citation of each numbered paragraph on its number link, and the
foot a printed record ends with (how to cite, sources with their addresses, permalink).

The strings come from `cite.py`, so the page copies what the open data says. The page's
HTML is sanitised like the record's text, so the copy buttons are added by `treatykb.js`
(the sanitiser lets no `<button>` through, and a copy needs a script anyway); the
citations sit in `<samp>`, which the linker leaves alone (a citation naming "decision
3/4" must stay the text it is, not become a link to itself).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..cite import citation, cite, locator, permalink
from ..schema import Record
from ..vocab import ui
from .common import esc, lang_attrs, lang_marker

UNDOCS = "https://undocs.org/"
FOOTNOTES_HERE = "///Footnotes Go Here///"
"""Python-Markdown's footnotes extension puts the footnotes where this paragraph is."""
_FOOTNOTE = re.compile(r"^[ ]{0,3}\[\^[^\]]+\]:", re.M)


def _base(site_url: str) -> str:
    """The site's absolute address ending in `/`, or '' when it has none."""
    if not re.match(r"^https?://[^\s/]+", site_url):
        return ""
    return site_url if site_url.endswith("/") else site_url + "/"


def paragraph_link_attrs(record: Record, site_url: str) -> Callable[[str], dict[str, str]]:
    """Attributes of a numbered paragraph's link: a name that says what it is ("Permalink
    to para. 7 (b)"), its citation as the tooltip, and what its copy button copies."""
    base, lang = _base(site_url), record.lang

    def attrs(anchor: str) -> dict[str, str]:
        return {
            "aria-label": ui("cite.para_link", lang, para=locator(anchor, lang)),
            "title": citation(record, anchor),
            "data-tkb-cite": cite(record, base, anchor),
        }

    return attrs


def cite_box_html(record: Record, site_url: str) -> str:
    """The "How to cite" box: the citation with its permalink, and the texts the copy
    button and its announcement use (in the page's language)."""
    lang = record.lang
    texts = {
        "data-tkb-copy": ui("cite.copy", lang),
        "data-tkb-copied": ui("cite.copied", lang),
        "data-tkb-copy-failed": ui("cite.copy_failed", lang),
    }
    data = "".join(f' {k}="{esc(v)}"' for k, v in texts.items())
    return (
        f'<section class="tkb-cite-box" aria-labelledby="tkb-cite-heading" data-pagefind-ignore="all"{data}>\n'
        f'<h2 id="tkb-cite-heading">{esc(ui("cite.heading", lang))}</h2>\n'
        f'<p><samp class="tkb-cite-text" id="tkb-cite-text">{esc(cite(record, _base(site_url)))}</samp></p>\n'
        '<p class="tkb-copy-status" role="status"></p>\n'
        "</section>"
    )


def _source_html(source: dict[str, str], record: Record) -> str:
    """A source as printed: its words (marked with their language), then where to find it
    written out, since a link on paper leads nowhere."""
    s_lang, lang = source.get("language", record.lang), record.lang
    words = source.get("title") or source.get("citation") or source.get("symbol") or source.get("url", "")
    where = source.get("url") or (UNDOCS + source["symbol"] if source.get("symbol") else "")
    marker = f" {lang_marker(s_lang, lang)}" if s_lang != lang else ""
    if where:
        address = f' — <a href="{esc(where)}">{esc(where)}</a>'
    elif source.get("citation") and source["citation"] != words:  # a document known by its reference only
        address = f" — <span{lang_attrs(s_lang, lang)}>{esc(source['citation'])}</span>"
    else:
        address = ""
    return f"<li><span{lang_attrs(s_lang, lang)}>{esc(words)}</span>{marker}{address}</li>"


def print_foot_html(record: Record, site_url: str) -> str:
    """The end of a printed record: how to cite it, its sources and its permalink. Hidden
    on screen (the page shows the same in its facts box and "How to cite" box); the
    print stylesheet shows it."""
    lang, base = record.lang, _base(site_url)
    sources = "".join(_source_html(s, record) for s in record.fields.get("sources", []))
    link = permalink(record, base) if base else ""
    rows = [
        (ui("cite.heading", lang), f'<samp class="tkb-cite-text">{esc(citation(record))}</samp>'),
        (ui("sources", lang), f"<ul>{sources}</ul>" if sources else ""),
        (ui("cite.permalink", lang), f'<a href="{esc(link)}">{esc(link)}</a>' if link else ""),
    ]
    items = "\n".join(f"<dt>{esc(name)}</dt>\n<dd>{value}</dd>" for name, value in rows if value)
    foot = f'<section class="tkb-print-foot" hidden data-pagefind-ignore="all"><dl>\n{items}\n</dl></section>'
    # Footnotes go last on a page unless told where: here, so that the foot stays the foot.
    # (Only when there are footnotes: without any, the marker would stay on the page.)
    return f"{FOOTNOTES_HERE}\n\n{foot}" if _FOOTNOTE.search(record.src.body) else foot
