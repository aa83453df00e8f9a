"""PF504: 评分等级 against the band its 总分 falls in."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, profile_of, round2, squash

# 优秀 / 良好 / 中等 / 较差 are spelled out in some templates
_SPELLINGS = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中", "较差": "差", "不合格": "差"}


class GradeMismatch(SelfEvalRule):
    """评分等级 does not match 总分: 优 ≥ 90, 良 [80, 90), 中 [60, 80), 差 < 60.

    **Why**: The grade is read off the total; a form graded 优 with 85 points overstates the result.

    **Source**: 财预〔2020〕10号 附件: 90（含）-100 为优, 80（含）-90 为良, 60（含）-80 为中, 60 以下为差.

    **Options**: ``grades`` (object grade → minimum total, default: the profile's), ``profile``.

    **Bad**::

        总分      100.00  85.50
        评分等级  优

    **Good**::

        总分      100.00  85.50
        评分等级  良
    """

    code = "PF504"
    name = "grade-mismatch"
    title_zh = "评分等级与总分不符"
    title_en = "Grade does not match the total"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：评分等级与总分不符：优 ≥ 90，良 [80, 90)，中 [60, 80)，差 < 60。

    **为什么**：等级由总分决定；85 分评为“优”夸大了结果。

    **依据**：财预〔2020〕10号 附件：90（含）-100 为优，80（含）-90 为良，60（含）-80 为中，60 以下为差。

    **选项**：``grades``（等级 → 最低总分的对象，默认取评分配置）、``profile``。
    """
    severity = "error"
    source = "binding"
    options_schema = self_eval_options(
        grades={"type": ["object", "null"], "additionalProperties": {"type": "number"}, "default": None},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        se = form.self_eval
        if se is None or se.total_score is None or not squash(se.grade):
            return
        profile = profile_of(self)
        custom = self.options["grades"]
        bands = tuple(sorted(custom.items(), key=lambda g: -g[1])) if custom else None
        expected = profile.grade_for(se.total_score, bands)
        stated = squash(se.grade)
        if _SPELLINGS.get(stated, stated) != expected:
            yield self.problem(form.loc("self_eval.grade"), suggest=True, stated=se.grade.strip(),
                               expected=expected, total=round2(se.total_score))
