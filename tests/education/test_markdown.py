import pytest

from education.markdown import render_markdown

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
]


@pytest.mark.parametrize("payload", XSS)
def test_raw_html_and_unsafe_links_are_removed(payload):
    html = render_markdown(payload)
    for bad in ("<script", "onerror", "javascript:", "<iframe", "style="):
        assert bad not in html.lower()


def test_markdown_formatting_survives():
    html = render_markdown(
        "Some **bold** and a [link](/learn/safety/#who-should-not).\n\n- one\n- two"
    )
    assert "<strong>bold</strong>" in html
    assert '<a href="/learn/safety/#who-should-not" rel="noopener noreferrer">link</a>' in html
    assert "<li>one</li>" in html


def test_empty_text_renders_empty():
    assert render_markdown("") == ""
