"""Checks that satisfaction is asked of those served, not only of those who complained."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import has_any, is_satisfaction_row, lexicon


class ComplainantSatisfactionOnly(Rule):
    """Satisfaction is measured only among complainants (``投诉处置满意度`` is the only satisfaction indicator).

    **Why**: 服务对象满意度 asks those the project serves; the satisfaction of people who complained with
    the handling of their complaint is a quality of complaint handling, measured on a small and
    self-selected group, and says nothing about the satisfaction of the other users. A form whose
    satisfaction indicators all ask complainants (names with a word of ``complainant_words``: 投诉,
    信访, 申诉, 举报, 诉求) has no real 服务对象满意度 indicator. The finding is on the first of them. A
    satisfaction group with no satisfaction row at all is ``missing-satisfaction-indicator``'s.

    **Source**: 财预〔2021〕101号 (满意度指标: 服务对象满意度; heuristic)

    **Options**: ``complainant_words`` — words that mark a survey of complainants; ``measure_words`` — words
    that make a row a satisfaction measure (满意, 好评).

    **Bad**::

        满意度指标  服务对象满意度指标  投诉处置满意度  =100%

    **Good**::

        满意度指标  服务对象满意度指标  办事群众满意度  ≥90%
                                        投诉处置满意度  ≥95%
    """

    code = "PF113"
    name = "complainant-satisfaction-only"
    title_zh = "满意度只调查投诉人"
    title_en = "Satisfaction measured only among complainants"
    doc_zh = """**检查什么**：满意度只在投诉人中测量（“投诉处置满意度”是唯一的满意度指标）。

**为什么**：服务对象满意度调查的是项目服务的对象；投诉人对投诉处理的满意度反映的是投诉处理质量，样本小且
自我选择，不能代表其他使用者的满意程度。表中所有满意度指标都只调查投诉人（名称含 ``complainant_words`` 中的词：
投诉、信访、申诉、举报、诉求）时，表中没有真正的服务对象满意度指标。问题标在第一条这类指标上。满意度类别下
没有任何满意度指标的情况由 ``missing-satisfaction-indicator`` 报告。

**依据**：财预〔2021〕101号（满意度指标：服务对象满意度；经验规则）

**选项**：``complainant_words`` —— 表示只调查投诉人的词；``measure_words`` —— 使一行成为满意度测量的词（满意、好评）。
"""
    basis = "财预〔2021〕101号"
    severity = "warning"
    group = "structure"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        complainant_words=words(lexicon("complainants")["words"]),
        measure_words=words(["满意", "好评"]),
    )

    def check(self, form):
        rows = [ind for ind in form.indicators
                if is_satisfaction_row(ind) and has_any(ind.name, self.options["measure_words"])]
        if rows and all(has_any(ind.name, self.options["complainant_words"]) for ind in rows):
            first = rows[0]
            yield self.problem(indicator_span(first), indicator=first.name, suggest=True, name=first.name)
