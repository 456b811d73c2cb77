"""The offline Vega bundle written as a static file (no CDN, made once per process)."""

from kimtools.presentation import vega_bundle


def test_bundle_file_defines_the_globals_a_page_uses(tmp_path):
    path = vega_bundle.write_bundle(tmp_path / "static")
    text = path.read_text(encoding="utf-8")
    assert path.name == vega_bundle.BUNDLE_NAME
    for name in ("window.vegaEmbed", "window.vega=", "window.vegaLite"):
        assert name in text
    assert "https://cdn" not in text and "jsdelivr" not in text
    assert not list(path.parent.glob(".vega-*"))


def test_bundle_is_made_once_per_process(tmp_path):
    vega_bundle.write_bundle(tmp_path / "a")
    vega_bundle.write_bundle(tmp_path / "b")
    assert vega_bundle.bundle_text.cache_info().misses <= 1
    assert (tmp_path / "a" / "vega-bundle.js").read_bytes() == (
        tmp_path / "b" / "vega-bundle.js").read_bytes()
