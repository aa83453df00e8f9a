"""A third-party rule: every project name must say which year it is for (a local custom)."""
from perflint.rule import Rule


class ProjectNameWithoutYear(Rule):
    """The project name does not name its year.

    **Why**: a local custom of the demo bureau, to show how plugins add rules.
    **Source**: heuristic (demo plugin)
    **Bad**::

        项目名称	社区养老服务补贴

    **Good**::

        项目名称	2025年社区养老服务补贴
    """

    code = "XD001"
    name = "project-name-without-year"
    severity = "warning"
    group = "demo"

    def check(self, form):
        if form.project and str(form.year or "") not in form.project:
            yield self.problem(form.loc("project"), name=form.project)

    messages = {"zh": {"project-name-without-year": "项目名称“{name}”未写明年度"},
                "en": {"project-name-without-year": "project name {name!r} does not say its year"}}
