"""BranchesGenerator: the registry's organizations as pages, linked to the articles."""

from functools import partial
from itertools import chain

from pelican.generators import Generator

from dangjian.model import clean, markdown_renderer

from .tree import add_coverage, group_by_region, make_tree


class BranchesGenerator(Generator):
    def generate_context(self):
        registries = self.settings["REGISTRIES"]
        render = markdown_renderer(self.settings)
        by_slug = make_tree(
            registries, self.settings, lambda organization: clean(render(organization.description))
        )
        self.branches = list(by_slug.values())
        self.link_articles(registries, by_slug)
        self.regions = group_by_region(self.branches, self.settings["BRANCH_REGION_ORDER"])
        self.context["branch_regions"] = self.regions

    def link_articles(self, registries, by_slug):
        """Give each article's record the organizations its Branches field names; count
        published articles as their coverage."""
        published = set(map(id, self.context["articles"]))
        for article in chain(
            self.context["articles"],
            self.context.get("hidden_articles", []),
            self.context.get("drafts", []),
        ):
            # An unregistered name has stopped the build already (the content check).
            organizations, _unknown = registries.resolve(article.metadata.get("branches"))
            article.piece.branches = [by_slug[o.slug] for o in organizations]
            if id(article) in published:
                add_coverage(article, article.piece.branches)

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
