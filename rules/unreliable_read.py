"""Flags a table the reader could not read reliably: the checks that accuse are held back on it."""
from perflint.model import Span

from ._uncertain import UncertaintyRule


class UnreliableRead(UncertaintyRule):
    """The indicator table could not be read reliably; the checks on it are held back.

    **Why**: a reader that is unsure must not accuse. When too many of a table's cells cannot be placed in
    an indicator row, or rows turn out to be punctuation, headers, level labels or page boilerplate, the
    reader says so once, here, and the rules about the table (structure, values, self-evaluation scores)
    stay quiet on it: read the original instead.
    **Source**: heuristic (extraction quality)
    **Bad**::

        |||
        计划标准 |
        ≥80M |
        指标2 |

    **Good**::

        产出指标	数量指标	配备雾炮车数量	=10辆
    """
    code = "PF908"
    name = "unreliable-read"
    title_zh = "指标表未能可靠读取"
    title_en = "Indicator table not read reliably"
    doc_zh = """**检查什么**：指标表未能可靠读取，依赖它的检查已暂停。

    **为什么**：读取不确定时不应指责。若表中过多单元格无法归入指标行，或读出的“指标”其实是标点、表头、级别名称或
    网页杂项，perflint 只在此报告一次，并暂停针对该表的结构、指标值和自评评分检查：请对照原表核对。

    **依据**：经验规则（读取质量）

    **错误示例**::

        |||
        计划标准 |
        ≥80M |
        指标2 |

    **正确示例**::

        产出指标    数量指标    配备雾炮车数量    =10辆
    """
    severity = "warning"
    uncertainty = "unreliable-read"

    def check(self, form):
        q = form.quality
        for u in form.uncertainties:
            if u.code == self.uncertainty:
                lines = u.lines or [u.line]
                yield self.problem(Span(u.line, u.column), first=lines[0], last=lines[-1], cells=q.cells,
                                   unplaced=q.cells - q.placed, refused=q.phantoms, suggest=True)
