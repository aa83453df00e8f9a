"""Checks for staff pay and welfare paid from project funds."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import GOAL_LABELS, first_hit, has_any, lexicon, short, squash

class PersonnelCostInProject(Rule):
    """The project pays staff costs (``人员费用``, ``福利费``, ``工资``), which belong in 基本支出.

    **Why**: the budget splits 基本支出 (the unit's running costs: staff pay, welfare, social insurance —
    经济分类 301 工资福利支出) from 项目支出 (money for a task with a result); a project that covers pay or
    welfare (``弥补单位的相关人员费用和福利费支出``) moves running costs into project funds, where the
    performance targets cannot measure them. Looked for in the indicator names, the goals and the
    form's prose sections (项目概况 …, when the reader keeps them), with the words of ``words`` (人员经费,
    福利费, 工资, 薪酬, 住房公积金 …); phrases of ``exclude`` name what the project secures for others
    (农民工工资, 欠薪) and are not counted. One finding per form, on the first place found. A project whose
    very purpose is staff pay — a 人员类项目 of the 预算管理一体化 (项目类别 with a word of
    ``personnel_projects``, or a project name such as ``在职人员工资保障``) — is not judged: there the pay is
    budgeted as a project by design.

    **Source**: 预算法 and 部门预算 practice (基本支出 / 项目支出; heuristic)

    **Options**: ``words`` — words of staff pay and welfare; ``exclude`` — phrases in which such a word does
    not mean the unit's own staff costs; ``personnel_projects`` — project types that are personnel projects.

    **Bad**::

        项目概况  该项目主要是使用上年度八项收入弥补单位的相关人员费用和福利费支出

    **Good**::

        项目概况  该项目用于创建第20届文明单位的宣传、培训和参观学习
    """

    code = "PF207"
    name = "personnel-cost-in-project"
    title_zh = "项目资金安排人员经费"
    title_en = "Personnel and welfare costs in project funds"
    doc_zh = """**检查什么**：项目资金用于人员费用（“人员费用”“福利费”“工资”），这些应列入基本支出。

**为什么**：预算把基本支出（单位运转开支：工资、福利、社会保险——经济分类 301 工资福利支出）与项目支出（为完成
特定任务、有绩效结果的资金）分开；项目资金弥补工资或福利（“弥补单位的相关人员费用和福利费支出”），是把运转开支
挪入项目资金，绩效目标无法衡量。在三级指标名称、绩效目标和表中的文字段落（项目概况等，读取到时）中查找
``words`` 中的词（人员经费、福利费、工资、薪酬、住房公积金……）；``exclude`` 中的短语说的是项目为他人保障的内容
（农民工工资、欠薪），不计。每张表一条，标在第一次出现的位置。以人员经费为目的的项目——预算管理一体化中的
人员类项目（项目类别含 ``personnel_projects`` 中的词，或项目名称如“在职人员工资保障”）——不判断：这类项目本就按项目
安排人员经费。

**依据**：预算法及部门预算管理实践（基本支出 / 项目支出；经验规则）

**选项**：``words`` —— 工资福利类词语；``exclude`` —— 其中这类词不指本单位人员经费的短语；``personnel_projects`` ——
属于人员类项目的项目类别。
"""
    basis = ""
    severity = "warning"
    group = "funds"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        words=words(lexicon("personnel_costs")["words"]),
        exclude=words(lexicon("personnel_costs")["except"]),
        personnel_projects=words(lexicon("personnel_costs")["personnel_projects"]),
    )

    def check(self, form):
        if has_any(form.project_type, self.options["personnel_projects"]) or self.hit(form.project):
            return  # a 人员类项目 of the 预算管理一体化 (在职人员工资保障): staff pay is what it is for
        for ind in form.indicators:
            hit = self.hit(ind.name)
            if hit:
                yield self.problem(indicator_span(ind), "indicator", indicator=ind.name, word=hit, where=ind.name)
                return
        places = [(GOAL_LABELS[k], form.goals.get(k), f"goals.{k}") for k in GOAL_LABELS]
        places += [(label, text, f"sections.{label}") for label, text in form.sections.items()]
        for label, text, key in places:
            hit = self.hit(text)
            if hit:
                yield self.problem(form.loc(key), word=hit, where=label, excerpt=short(_around(text, hit), 40))
                return

    def hit(self, text: str | None) -> str | None:
        s = squash(text)
        for phrase in self.options["exclude"]:
            s = s.replace(phrase, "")
        return first_hit(s, self.options["words"])


def _around(text: str, word: str) -> str:
    """The text from the start of the clause that names ``word``, or from 12 characters before it when
    the clause starts far earlier."""
    s = squash(text)
    hit = s.find(word)
    start = max(s.rfind(p, 0, hit) for p in "，。；;,：") + 1
    return s[start if hit - start <= 30 else max(0, hit - 12):]
