"""Property tests of the core on hostile input: a few hundred examples per property here;
`scripts/fuzz.py` runs the same properties (tests/fuzzing.py) for as long as asked.

Each property: no exception but the documented one (a FrontMatterError, or a Problem),
and every line a problem names is a line of the input.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

import fuzzing

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(fuzzing.FRONT_MATTER_TEXTS)
def test_front_matter_text_is_parsed_or_refused_at_a_line(text: str) -> None:
    fuzzing.check_front_matter(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzzing.FRONT_MATTER_BYTES)
def test_file_bytes_are_read_or_refused_at_a_line(raw: bytes) -> None:
    fuzzing.check_file_bytes(raw)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzzing.SCHEMA_INPUTS)
def test_any_mapping_validates_without_exception_and_ids_stay_in_the_site(args: tuple[dict[str, Any], str | None, str | None]) -> None:
    fuzzing.check_schema(*args)


@FAST
@given(fuzzing.BODY_TEXTS)
def test_body_citations_snippets_and_paragraphs(text: str) -> None:
    fuzzing.check_body(text)


@FAST
@given(fuzzing.ARTICLE_REFS)
def test_article_references_print_back_as_themselves(text: str) -> None:
    fuzzing.check_article_ref(text)


@FAST
@given(fuzzing.NUMERALS)
def test_numerals_are_none_or_whole_numbers(text: str) -> None:
    fuzzing.check_numeral(text)


def test_every_target_has_a_test() -> None:
    assert set(fuzzing.TARGETS) == {"front-matter-text", "front-matter-bytes", "schema", "body", "article-ref", "numerals"}
