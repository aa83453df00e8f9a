"""Checks that each 二级 group sits under a 一级 its template allows."""
from perflint import taxonomy
from perflint.finding import indicator_span
from perflint.rule import Rule, options

from ._common import level1, level2


class MisplacedIndicatorGroup(Rule):
    """A 二级指标 sits under a 一级指标 its template does not allow (时效指标 under 效益指标).

    **Why**: the framework fixes where each 二级 belongs (时效 under 产出, 社会效益 under 效益, ...); a group
    under the wrong 一级 is scored in the wrong part of the self-evaluation (产出 50, 效益 30, 满意度 10
    points). Seed 000 宣传与推广 puts 时效指标 under 效益指标 and 社会效益指标 under 满意度指标. Groups
    the profile does not know, and rows whose levels the reader had to guess, are not judged. The
    finding is at the first row of the misplaced group.

    **Source**: 财预〔2021〕101号 (binding)

    **Bad**::

        效益指标    时效指标      活动完成及时率    及时
        满意度指标  社会效益指标  投资松江宣传情况  良好

    **Good**::

        产出指标  时效指标      活动完成及时率    及时
        效益指标  社会效益指标  投资松江宣传情况  良好
    """

    code = "PF105"
    name = "misplaced-indicator-group"
    title_zh = "二级指标归属错误"
    title_en = "Indicator group under the wrong category"
    basis = "财预〔2021〕101号"
    doc_zh = """**检查什么**：二级指标放在了模板不允许的一级指标之下（如时效指标放在效益指标下）。

    **为什么**：指标框架规定了每个二级指标的归属（时效属于产出，社会效益属于效益……）；放错一级的指标
    在自评中会计入错误的部分（产出 50 分、效益 30 分、满意度 10 分）。样例 000 宣传与推广把时效指标放在
    效益指标下、社会效益指标放在满意度指标下。模板配置不认识的组，以及层级是推断出来的行，不作判断。
    问题标在放错的组的第一行。

    **依据**：财预〔2021〕101号（约束性）
    """
    severity = "error"
    group = "structure"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options()

    def check(self, form):
        profile = taxonomy.profile(form.template)
        seen = set()
        for ind in form.indicators:
            l1, l2 = level1(ind), level2(ind)
            if ind.guessed or not l1 or not l2 or (l1, l2) in seen:
                continue
            allowed = profile.allowed_parents(l2)
            if not allowed or l1 in allowed or taxonomy.level1_of(l1) is None:
                continue
            seen.add((l1, l2))
            yield self.problem(indicator_span(ind), indicator=ind.name, suggest=True,
                               level1=l1, level2=l2, allowed="、".join(allowed))
