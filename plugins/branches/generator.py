"""BranchesGenerator: reads the registry, links articles to it, writes the pages."""

import os
from functools import partial
from itertools import chain

from pelican.generators import Generator

from .registry import add_coverage, group_by_region, read_registry, resolve


class BranchesGenerator(Generator):
    def generate_context(self):
        reader = self.readers.readers["md"]
        paths = [
            os.path.join(self.path, path)
            for path in self.get_files(self.settings["BRANCH_PATHS"], extensions=("md",))
        ]
        self.branches, index = read_registry(paths, reader.read, self.settings)
        self.link_articles(index)
        self.regions = group_by_region(self.branches, self.settings["BRANCH_REGION_ORDER"])
        self.context["branch_regions"] = self.regions

    def link_articles(self, index):
        """Turn each article's Branches field into Branch objects; count coverage."""
        published = set(map(id, self.context["articles"]))
        for article in chain(
            self.context["articles"],
            self.context.get("hidden_articles", []),
            self.context.get("drafts", []),
        ):
            # An unregistered name has stopped the build already (content_model's check).
            article.branches, _unknown = resolve(article.metadata.get("branches"), index)
            if id(article) in published:
                add_coverage(article, article.branches)

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        write(
            self.settings["BRANCHES_SAVE_AS"],
            self.get_template("branches"),
            self.context,
            url=self.settings["BRANCHES_URL"],
            template_name="branches",
            regions=self.regions,
        )
        template = self.get_template("branch")
        for branch in self.branches:
            write(
                branch.save_as,
                template,
                self.context,
                branch=branch,
                articles=branch.coverage,
                paginated={"articles": branch.coverage},
                template_name="branch",
                url=branch.url,
                page_name=branch.page_name,
            )
            if self.settings.get("BRANCH_FEED_ATOM"):
                writer.write_feed(
                    branch.coverage,
                    self.context,
                    self.settings["BRANCH_FEED_ATOM"].format(slug=branch.slug),
                    branch.feed_url,
                    feed_title=branch.name,
                )
