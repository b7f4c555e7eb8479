"""The 党建版 site: a newspaper's Party-building page as a static site, built with Pelican.

Layers, each importing only those below it (docs/architecture.md draws them;
tests/test_architecture.py enforces it):

    desk/      the editors' tools: import a printed page, start an article, check
    build/     the pipeline: lock, Pelican, the steps after it, the atomic swap
    preview/   the editors' preview server and its warm Pelican
    site/      the Pelican plugin: registered once (site.register), in phase order
    plugins/   general Pelican plugins that stand alone (sitemap, fingerprints, photos)
    speed/     Pelican's internals behind one door, and the work Pelican repeats, done once
    model/     the content model, pure Python: sources, rules, problems, registries
    paths, urls, html: leaves any layer may use
"""


def __getattr__(name):
    # Pelican's PELICAN_CLASS names a class on a top-level module ("dangjian.SitePelican");
    # importing it lazily keeps Pelican out of the pure model's imports.
    if name == "SitePelican":
        from dangjian.speed.internals import SitePelican

        return SitePelican
    raise AttributeError(name)
