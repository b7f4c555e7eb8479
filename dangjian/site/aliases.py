"""Old addresses that keep working: `Aliases: /old/jinbei-yinbei/, /articles/2018/03/old/`.

Each old address of a published article is written as a small page (template
"redirect") that sends the reader on at once to the article's address on this site
(`<meta http-equiv="refresh">`), names it as the canonical page, links to it for
readers whose browser does not follow, and asks search engines not to index it. It is
listed nowhere: in no listing, feed or sitemap (written with `noindex` in its context,
which the sitemap leaves out), nor in the search index (no data-pagefind-body).

The content model's rules check the addresses before anything is read (a path on this
site, not another page's, not given twice, not in the site's own folders); here, what
only the build knows is checked again: no redirect page may be written over a page.
"""

from itertools import chain

from pelican.generators import Generator

from dangjian.errors import log
from dangjian.model import Problem
from dangjian.model.changes import alias_file, split_aliases
from dangjian.urls import clean_url


class AliasesGenerator(Generator):
    def generate_context(self):
        context = self.context
        contents = chain(
            context.get("articles", []),
            context.get("hidden_articles", []),
            context.get("drafts", []),
            context.get("pages", []),
            context.get("hidden_pages", []),
        )
        taken = {content.save_as: content for content in contents}
        self.redirects = []  # (output file, old address, article)
        for article in chain(context.get("articles", []), context.get("hidden_articles", [])):
            for alias in split_aliases(article.metadata.get("aliases", "")):
                file = alias_file(alias)
                if file in taken:
                    log(
                        Problem(
                            article.source_path,
                            f"旧地址“{alias}”就是 {taken[file].source_path} 的网址，"
                            "重定向页会覆盖那个页面。",
                            "删去这个旧地址。",
                            field="Aliases",
                        )
                    )
                    continue
                self.redirects.append((file, alias, article))

    def generate_output(self, writer):
        template = self.get_template("redirect")
        for file, alias, article in self.redirects:
            writer.write_file(
                file,
                template,
                self.context,
                target=article,
                old_address=alias,
                noindex=True,
                url=clean_url(file),
                template_name="redirect",
            )


def get_generators(_pelican):
    return AliasesGenerator
