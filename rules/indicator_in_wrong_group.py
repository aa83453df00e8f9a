"""Checks that what a 三级 indicator measures fits the 二级 group it sits in."""
from perflint import taxonomy
from perflint.finding import indicator_span
from perflint.rule import Rule, options

from ._common import is_cost, is_management, level2, lexicon, squash


def _default_lexicon() -> dict[str, list[str]]:
    return {k: list(v) for k, v in lexicon("group_content").items() if not k.startswith("_")}


def hits(name: str, groups: dict[str, list[str]]) -> dict[str, str]:
    """group -> the longest of its words found in the name; a word inside a longer found word (环境 in
    环境卫生) does not count."""
    s = squash(name)
    found = [(w, g) for g, ws in groups.items() for w in ws if w and w in s]
    kept = [(w, g) for w, g in found if not any(w != o and w in o for o, _ in found)]
    out: dict[str, str] = {}
    for w, g in sorted(kept, key=lambda x: -len(x[0])):
        out.setdefault(g, w)
    return out


class IndicatorInWrongGroup(Rule):
    """A 三级 indicator whose content belongs to a sibling 二级 (治安 under 生态效益, 知晓度 under 经济效益, 及时性 under 质量).

    **Why**: the 二级 group says what kind of result a row is; a reviewer reads 生态效益 for the
    environment and 时效 for timeliness, and the self-evaluation weighs each group. ``小区治安改善情况``
    under 生态效益指标, ``有效防治疫情扩散`` under 生态效益指标 or ``政策知晓度`` under 经济效益指标 sit in a
    valid group with the wrong content. Each judged group has a lexicon of words that mark its content
    (``lexicon``: 质量 合格/准确/达标…, 时效 及时/按时/时限…, 经济效益 收入/税收/产值…, 社会效益 治安/疫情/
    知晓…, 生态效益 生态/绿化/污染…). A row is reported when its name holds words of exactly one sibling
    group (under the same 一级) and none of its own group's; a longer word hides shorter ones inside it
    (环境卫生 is not 环境). Rows whose levels the reader guessed, cost rows and the 上海 2020 投入与管理
    block are not judged, nor are groups the lexicon does not list (数量, 可持续影响). Only target forms
    are judged: a self-evaluation reports against the targets as filed, so where a row sits is raised
    when the targets are declared.

    **Source**: 财预〔2021〕101号 (the indicator system and what each 二级 measures; heuristic)

    **Options**: ``lexicon`` — for each 二级 group, the words that mark its content (replaces the default
    list of each group it names).

    **Bad**::

        效益指标  生态效益指标  小区治安改善情况  改善

    **Good**::

        效益指标  社会效益指标  小区治安案件下降率  ≥10(%)
    """

    code = "PF112"
    name = "indicator-in-wrong-group"
    title_zh = "指标内容与所在二级指标不符"
    title_en = "Indicator content under the wrong 二级"
    doc_zh = """**检查什么**：三级指标的内容属于同一一级下的另一个二级指标（治安放在生态效益下、知晓度放在经济效益下、及时性放在质量下）。

**为什么**：二级指标说明一行指标属于哪类结果；审核人员按“生态效益”看环境、按“时效”看及时性，自评也按类别计分。
“小区治安改善情况”放在生态效益指标下、“有效防治疫情扩散”放在生态效益指标下、“政策知晓度”放在经济效益指标下，
二级名称有效但内容不符。每个受检的二级指标有一组标志其内容的词（``lexicon``：质量 合格/准确/达标……，时效 及时/
按时/时限……，经济效益 收入/税收/产值……，社会效益 治安/疫情/知晓……，生态效益 生态/绿化/污染……）。三级指标名称
含有恰好一个同级二级指标（同一一级下）的词、且不含本二级指标的词时报告；较长的词覆盖其中较短的词（“环境卫生”
不算“环境”）。级次系推断的指标、成本指标、上海 2020 模板的投入与管理指标不判断，词表未列出的二级指标（数量、
可持续影响）也不判断。只判断绩效目标表：自评表按已批复的目标填报，指标放在哪一类应在申报目标时提出。

**依据**：财预〔2021〕101号（指标体系及各二级指标的含义；经验规则）

**选项**：``lexicon`` —— 各二级指标的内容词（所列二级指标替换其默认词表）。
"""
    basis = "财预〔2021〕101号"
    severity = "warning"
    group = "structure"
    source = "heuristic"
    # a self-evaluation reports against the targets as filed: where a row sits is raised on the target form
    kinds = ("target",)
    options_schema = options(
        lexicon={"type": "object", "default": _default_lexicon(),
                 "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}}},
    )

    def check(self, form):
        groups = {**_default_lexicon(), **self.options["lexicon"]}
        for ind in form.indicators:
            own = level2(ind)
            if own not in groups or ind.guessed or is_cost(ind) or is_management(ind):
                continue
            parents = set(taxonomy.default_parents(own))
            siblings = {g: ws for g, ws in groups.items() if g != own and parents & set(taxonomy.default_parents(g))}
            found = hits(ind.name, {own: groups[own], **siblings})
            others = [g for g in found if g != own]
            if own not in found and len(others) == 1:
                yield self.problem(indicator_span(ind), indicator=ind.name, suggest=True, name=ind.name,
                                   level2=own, word=found[others[0]], suggested=others[0])
