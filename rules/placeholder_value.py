"""Checks for template placeholders (``**``, ``XX``, ``××``) left in the form."""
import re

from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import clean

# markdown bold (**text**) is extraction residue, not a placeholder
_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
HEADER = (("project", "项目名称"), ("department", "主管部门"), ("implementer", "实施单位"),
          ("project_type", "项目类别"))
GOALS = (("total", "项目总目标"), ("annual", "年度总体目标"))


class PlaceholderValue(Rule):
    """A template placeholder (``**``, ``XX``, ``××``) is left in a header field, a goal or an indicator.

    **Why**: a placeholder means the form was filed before it was filled in: ``≥**%`` or ``XX项目`` states
    nothing a reviewer can approve. Markdown bold (``**text**``) produced by PDF extraction is not a
    placeholder and is ignored. Placeholders in letters (``XX``) only count when not part of a longer
    Latin word.

    **Source**: 财预〔2015〕88号 (completeness; binding)

    **Options**: ``placeholders`` — the strings that mark an unfilled cell (default ``**``, ``＊＊``,
    ``XX``, ``xx``, ``ＸＸ``, ``××``).

    **Bad**::

        数量指标  培训人次  ≥**(人次)

    **Good**::

        数量指标  培训人次  ≥600(人次)
    """

    code = "PF108"
    name = "placeholder-value"
    title_zh = "模板占位符未填写"
    title_en = "Template placeholder left in"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：表头、目标或指标中留有模板占位符（``**``、``XX``、``××``）。

    **为什么**：占位符说明表格在填完之前就报送了：``≥**%`` 或 ``XX项目`` 没有任何可供审核的内容。PDF
    提取产生的 Markdown 粗体（``**文字**``）不是占位符，不予报告。字母占位符（``XX``）只在不属于更长的
    英文单词时才算。

    **依据**：财预〔2015〕88号（完整性；约束性）

    **选项**：``placeholders`` — 表示未填写的字符串（默认 ``**``、``＊＊``、``XX``、``xx``、``ＸＸ``、
    ``××``）。
    """
    severity = "error"
    group = "structure"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options(
        placeholders=words(["**", "＊＊", "XX", "xx", "ＸＸ", "××"]),
    )

    def __init__(self, options=None):
        super().__init__(options)
        parts = []
        for p in self.options["placeholders"]:
            esc = re.escape(p)
            parts.append(rf"(?<![A-Za-z]){esc}(?![A-Za-z])" if p.isascii() and p.isalpha() else esc)
        self._pattern = re.compile("|".join(parts)) if parts else None
        # most text holds none of the placeholders' characters: skip the regexes then
        self._chars = frozenset(ch for p in self.options["placeholders"] for ch in p)

    def _hit(self, text):
        if not text or self._pattern is None or self._chars.isdisjoint(text):
            return None
        m = self._pattern.search(_BOLD.sub(r"\1", text))
        return m.group(0) if m else None

    def check(self, form):
        for key, label in HEADER:
            hit = self._hit(getattr(form, key))
            if hit:
                yield self.problem(form.loc(key), variant="field", field=label, placeholder=hit)
        for key, label in GOALS:
            hit = self._hit(form.goals.get(key))
            if hit:
                yield self.problem(form.loc(f"goals.{key}"), variant="field", field=label, placeholder=hit)
        for ind in form.indicators:
            hit = self._hit(_without_filled_hint(ind))
            if hit:
                yield self.problem(indicator_span(ind), variant="name", indicator=ind.name,
                                   name=ind.name, placeholder=hit)
                continue
            target = ind.target
            if target is not None and (target.reason == "placeholder" or self._hit(target.raw)):
                yield self.problem(indicator_span(ind, value=True), indicator=ind.name, name=ind.name,
                                   raw=clean(target.raw), placeholder=self._hit(target.raw) or target.raw)


# the template's hint in a name, its number left to the value cell: 苗木成活率(≥**%) with a value of 90
_HINT = re.compile(r"[(（](?:>=|<=|[≥≤><=])?[*＊xX×]{1,4}[^()（）]{0,6}[)）]$")


def _without_filled_hint(ind):
    """The indicator's name without a template hint the value filled in (the hint is how the form asks)."""
    if ind.target is not None and ind.target.is_quantitative and ind.target.value is not None:
        return _HINT.sub("", ind.name)
    return ind.name
