"""PF518: qualitative rows scored full with only a verdict word as their result."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._common import squash
from ._scoring import SelfEvalRule, close, is_scored, self_eval_options, word_verdict
from perflint import scoring


class VerdictOnlyEvidence(SelfEvalRule):
    """Qualitative rows get their full 分值 with only ``达成指标`` or ``完成`` as their result.

    **Why**: a qualitative target (``规范``, ``有效``, ``合规``) is scored by its band (达成 80–100 %), and the
    band should rest on evidence — what was done, a check, a document; ``达成指标`` alone repeats the
    score and lets a reviewer check nothing. Information: reported once per form when the full-scored
    qualitative rows whose 实际完成值 is only a verdict word (the scoring vocabulary's 达成 words, the
    whole cell) carry together at least ``min_points`` points, listing them.

    **Source**: 财预〔2020〕10号 附件 (定性指标 根据指标完成情况分档评分; heuristic)

    **Options**: ``min_points`` (20), ``profile``.

    **Bad**::

        质量指标  活动规范性  规范  达成指标  10.00  10.00
        社会效益  活动内容匹配度  匹配  达成指标  10.00  10.00

    **Good**::

        质量指标  活动规范性  规范  12场活动均按方案备案并留存签到记录  10.00  10.00
    """

    code = "PF518"
    name = "verdict-only-evidence"
    title_zh = "定性指标仅以“达成指标”为依据得满分"
    title_en = "Qualitative rows scored full on a verdict word alone"
    doc_zh = """**检查什么**：定性指标的实际完成值只写“达成指标”“完成”，却得满分。

**为什么**：定性指标（“规范”“有效”“合规”）按档次评分（达成 80%–100%），档次应有依据——做了什么、检查结果、
文件资料；只写“达成指标”等于重复分数，审核人员无从核实。提示级别：实际完成值只是判断词（评分词表中的达成类词语，
整格）且得满分的定性指标，分值合计不少于 ``min_points`` 分时，每张表报告一条并列出这些指标。

**依据**：财预〔2020〕10号 附件（定性指标根据指标完成情况分档评分；经验规则）

**选项**：``min_points``（20）、``profile``。
"""
    basis = "财预〔2020〕10号"
    severity = "info"
    source = "heuristic"
    options_schema = self_eval_options(
        min_points={"type": "number", "minimum": 0, "default": 20},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        met = set(scoring.vocabulary()["verdicts"]["met"])
        rows = [ind for ind in form.indicators
                if ind.target is not None and ind.target.is_qualitative and ind.actual is not None
                and is_scored(ind) and close(ind.score, ind.weight) and squash(ind.actual.raw).strip("。.") in met
                and word_verdict(ind.actual.raw) == "met"]
        points = sum(ind.weight for ind in rows)
        if rows and points >= self.options["min_points"]:
            first = rows[0]
            names = "、".join(f"“{ind.name}”" for ind in rows[:4]) + ("…" if len(rows) > 4 else "")
            yield self.problem(indicator_span(first), indicator=first.name, suggest=True, count=len(rows),
                               points=points, names=names, word=squash(first.actual.raw))
