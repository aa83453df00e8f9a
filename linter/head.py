"""The form's head: header fields, funds, goals and the self-evaluation budget block, from token rows.

Labels are found by vocabulary wherever the separators put them: a label's value is what follows it up to
the next label — on its row, or alone on the next line when the label stood alone. Goal texts run until the
next label; the budget block is read by its column headers. Layouts that separate labels from values
(column-order extraction) leave unlabelled cells, which are matched to the empty fields by their kind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from .cells import Cell, Sep, display
from .model import FUND_KEYS, Form, SelfEval, Span, Uncertainty
from .table import TRow
from .tokens import Kind, Mark, Token, to_number
from .vocab import (BLOCK_CHARS, FIELD_LABELS, ORGANISATION, is_period, label_key, money_scale, parse_date,
                    parse_money, strip_period, title_kind, year_in)

# the values of 项目类别 / 项目性质: 经常性项目, 其他经常性项目, 一次性项目, 新增项目, 特定目标类, 经常性专项业务费 …
_TYPE = re.compile(r"^(?:其他)?(?:经常性|一次性|新增|延续|延续性|持续性|跨年度|当年)(?:项目|专项业务费|专项)?$"
                   r"|^.{0,4}(?:运转类|目标类|发展类|保障类)$")
# words of a page's title over a form (XX局2024年部门预算公开, …项目绩效目标公开表)
_TITLE_WORDS = re.compile(r"预算|决算|绩效|项目支出")
_HEADING_MARK = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s*")
_YEAR_LINE = re.compile(r"^[（(]?\s*20\d\d\s*(?:年度?)?\s*[)）]?$|^年度?[)）]$")
# a project period: 2023.07-2024.01, 2023年1月-2025年12月, 2023-2025年, 2023年至2025年
_PERIOD = re.compile(r"(20\d\d)(?:[.\-/年](\d{1,2})月?)?(?:[.\-/](\d{1,2})日?)?\s*(?:年)?\s*[-—~至到]\s*"
                     r"(20\d\d)(?:[.\-/年](\d{1,2})月?)?(?:[.\-/](\d{1,2})日?)?")
# a code of the 预算管理一体化 system before a name: 51082423T000010234567-国土绿化造林补助, [305001]南漳县教育局
_CODE = re.compile(r"^(?:[\[【(（]\s*[0-9A-Z]{3,}\s*[\]】)）]|[0-9A-Z]{10,}\s*[-—_:：]?)\s*")
_CODED = frozenset({"project", "department", "implementer"})
_YEARS = re.compile(r"^(\d{1,2})(?:个)?年$")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_EMPTY_MARKS = ("-", "/", "—", "无")
# the model fields a label stands for, where it is not the label's own field name
_FIELD_OF = {"period": ("period",), "department_name": ("department", "department_name"),
             "project_nature": ("project_type",)}


class Capture(Enum):
    NONE = "none"
    GOALS = "goals"
    PROSE = "prose"


@dataclass
class _Budget:
    """The self-evaluation budget block as it is being read."""

    cols: list[str] = field(default_factory=list)
    pending: tuple[TRow, list[Token]] | None = None      # a line label waiting for its numbers, one per line
    last: tuple[int, list[Token]] | None = None          # the last line read: its source line and tokens


@dataclass
class _Segment:
    """Goal text in running lines: the goals its labels name, the text after them, and whether it was
    opened on a block's label (绩效目标 over its goals), which the next goal label replaces."""

    goals: list[str]
    parts: list[tuple[int, str]] = field(default_factory=list)
    block: bool = False


@dataclass
class _Goals:
    cols: list[tuple[int, str]] = field(default_factory=list)        # (cell index, goal) of a goal header row
    by_col: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # goals in running lines; labels with no text between them (column-order extraction puts both labels
    # first) share one interleaved segment
    segments: list[_Segment] = field(default_factory=list)


class HeadReader:
    """Fills a Form's header fields, funds, goals and budget block from the rows before its table."""

    def __init__(self, form: Form, rows: list[TRow], scale: float, heading: Token | None = None):
        # rows with cells, and the empty cells of a table flattened one cell a line (they keep a label that
        # stood alone from taking the next label's value)
        self.form, self.rows, self.scale = form, label_rows([r for r in rows if r.tokens or r.empty]), scale
        self.heading = heading
        rows = self.rows
        self.capture = Capture.NONE
        self.section: str | None = None     # the prose section being read (项目概况 …)
        self.budget: _Budget | None = None
        self.goals = _Goals()
        self.field_pending: tuple[TRow, Token] | None = None
        # a row of labels whose values stand in the next row, column under column
        self.label_row: list[Token] | None = None
        # the points a budget block's label gives the budget item: 预算执行情况（20分）
        self.budget_points: float | None = None
        self.unit_name: tuple[str, Span] | None = None
        # cell index -> "total" | "annual": the columns of a 中期资金总额 | 年度资金总额 block
        self.fund_cols: dict[int, str] = {}
        self.loose: list[Token] = []
        lone = [len(r.tokens) == 1 and bool(r.tokens[0].lex.field) for r in rows]
        # labels alone on consecutive lines, again and again: labels and values come in separate runs (column
        # order); once or so, it is a field left empty in a layout that drops empty cells
        pairs = sum(1 for a, b in zip(lone, lone[1:]) if a and b)
        self.pair_lone = not (pairs >= 2 and pairs >= 0.3 * sum(lone))

    def read(self) -> None:
        for row in self.rows:
            if row.tokens:
                self._year(row)
            self._row(row)
        self._flush_budget()
        self._finish_goals()
        if self.form.project is None and self.heading is not None:
            c = self.heading.cell     # a form under a numbered heading that names its project
            name = _HEADING_MARK.sub("", display(c.raw))
            self._assign("project", name, name, Span(c.line, c.col, c.line, c.end_col))
            self.loose = [t for t in self.loose if t is not self.heading]
        if self.form.department is None and self.unit_name is not None:
            self.form.department, self.form.locations["department"] = self.unit_name
        if self.form.project is None and self.loose:
            self._guess_header()

    def _year(self, row: TRow) -> None:
        form = self.form
        if form.year is None:
            raw = " ".join(t.cell.raw for t in row.tokens)
            titled = any(t.lex.kind is Kind.TITLE for t in row.tokens) or _TITLE_WORDS.search(raw)
            if ("年度" in raw or titled) and len(raw) < 60 and year_in(raw):
                form.year = year_in(raw)
                form.locations["year"] = Span(row.line, row.tokens[0].cell.col)

    def _row(self, row: TRow) -> None:
        if row.empty:
            self.field_pending = None       # the label alone on its line had an empty value
            return
        toks = row.tokens
        lone = len(toks) == 1
        first = toks[0]
        if first.lex.kind is Kind.LABEL and self.field_pending is not None:
            self.field_pending = None       # a label alone on its line was left empty
        if self.label_row is not None and self._column_values(row):
            return
        if self._budget_row(row):
            return
        if lone and first.lex.mark & Mark.MONEY_UNIT:
            return
        if self._money_unit(toks):
            return
        if self._goal_labels(row):
            return
        if any(t.lex.mark & Mark.PROSE for t in toks):
            self.capture = Capture.PROSE
            self._section(row)
            return
        if self.field_pending is not None:
            prow, label = self.field_pending
            self.field_pending = None
            if lone and first.lex.kind is not Kind.LABEL and first.lex.kind is not Kind.TITLE:
                self._set_field(label, [first])
                return
        if lone and first.lex.field and self.capture is not Capture.GOALS and self.pair_lone:
            self.field_pending = (row, first)
            self._seen(first)
            return
        loose = self.loose if self.capture is Capture.NONE and not any(t.lex.kind is Kind.TITLE for t in toks) else []
        if self._fields(row, loose):
            if self.capture is Capture.PROSE or any(t.lex.mark & Mark.IGNORED for t in toks):
                self.capture = Capture.NONE
            return
        if self.capture is Capture.GOALS:
            self._goal_text(row)
        elif self.capture is Capture.PROSE and self.section is not None:
            self._section_text(row.tokens)

    # --- money unit: 金额单位：万元, 项目资金 (元) ---------------------------------------------------------
    def _money_unit(self, toks: list[Token]) -> bool:
        for i, t in enumerate(toks):
            if t.lex.mark & Mark.MONEY_UNIT and i + 1 < len(toks) and toks[i + 1].lex.kind is Kind.UNIT:
                scale = money_scale(toks[i + 1].text)
                if scale:
                    self.scale = scale
                    return len(toks) == 2
        scale = next((money_scale(t.text) for t in toks if money_scale(t.text)), None)
        if scale:
            self.scale = scale
        return len(toks) == 1 and scale is not None and label_key(toks[0].text) == "项目资金"

    # --- the self-evaluation budget block ------------------------------------------------------------
    def _budget_row(self, row: TRow) -> bool:
        toks = row.tokens
        lone = len(toks) == 1
        b = self.budget
        if b is not None and b.pending is not None:
            if lone and (to_number(toks[0].text) is not None or toks[0].text in _EMPTY_MARKS):
                b.pending[1].append(toks[0])
                return True
            self._flush_budget()
        at = [i for i, t in enumerate(toks) if t.lex.budget]
        heads = [toks[i] for i in at]
        if len(heads) >= 2 and all(_number_after(toks, i) for i in at):
            self._budget_pairs(row, toks)
            return True
        # a block's first column (年初预算数, 全年预算数) may stand alone on its line: columns one a line
        opens = lone and heads and heads[0].lex.budget in ("initial", "full_year") and (
            b is None or heads[0].lex.budget == "initial")
        if len(heads) >= 2 or (lone and heads and (b is not None or opens)):
            if b is None or not lone or opens:
                self.budget = b = _Budget()
            b.cols.extend(t.lex.budget for t in heads)
            self._open_budget(toks)
            return True
        first = toks[0]
        if b is not None and first.lex.budget_line and first.lex.field != "project":
            if lone:
                b.pending = (row, [first])
            else:
                self._budget_line(row, self._continued(b, row, toks))
            return True
        return False

    def _continued(self, b: "_Budget", row: TRow, toks: list[Token]) -> list[Token]:
        """A line label written over each column of the block (河北: ``其中:财政资金 8.64 其中:财政资金 8.64 …``)
        reaches here cut at each label; the parts of one source line under the same label are one line."""
        prev, b.last = b.last, None
        if prev is not None and prev[0] == row.line and prev[1][0].text == toks[0].text:
            if toks[0].lex.budget_line != "annual" and self.form.self_eval.lines:
                self.form.self_eval.lines.pop()
            toks = prev[1] + toks[1:]
        b.last = (row.line, toks)
        return toks

    def _open_budget(self, toks: list[Token]) -> None:
        """A budget block's head: the form is a self-evaluation, with the block's points and money unit."""
        points = next((t.lex.points for t in toks if t.lex.points is not None and t.lex.mark & Mark.BLOCK), None)
        if points is not None:      # 预算执行情况（20分）: the budget item's weight
            self.budget_points = points
        scale = next((money_scale(t.text) for t in toks if money_scale(t.text)), None)
        self.scale = scale or self.scale
        form = self.form
        form.self_eval = form.self_eval or SelfEval()
        form.self_eval.money_unit = "万元" if self.scale == 1e4 else "元"
        form.kind = "self_eval"
        self.capture = Capture.NONE

    def _budget_pairs(self, row: TRow, toks: list[Token]) -> None:
        """The block's line written with each column's name before its value (河北: ``预算数 8.64 到位数 8.64
        执行数 8.64 100.00``): each value by its name; numbers after the last pair take the block's columns
        no pair named, in order (预算执行进度 over them)."""
        if self.budget is None:
            self.budget = _Budget()
            self._open_budget(toks)
        values: dict[str, float | None] = {}
        last = 0
        for i, t in enumerate(toks):
            if t.lex.budget and _number_after(toks, i):
                values.setdefault(t.lex.budget, to_number(toks[i + 1].text))
                last = i + 1
        rest = [to_number(t.text) for t in toks[last + 1:] if to_number(t.text) is not None]
        unnamed = [c for c in self.budget.cols if c not in values]
        values.update(zip(unnamed, rest))
        self.budget.cols = self.budget.cols or list(values)
        self._budget_values(row, toks, "annual", values)

    def _flush_budget(self) -> None:
        b = self.budget
        if b is not None and b.pending is not None:
            row, toks = b.pending
            b.pending = None
            self._budget_line(row, toks)

    def _budget_line(self, row: TRow, toks: list[Token]) -> None:
        cols = self.budget.cols if self.budget else []
        nums = [t for t in toks[1:] if to_number(t.text) is not None or t.text in _EMPTY_MARKS]
        self._budget_values(row, toks, toks[0].lex.budget_line, {col: to_number(t.text) for col, t in zip(cols, nums)})

    def _budget_values(self, row: TRow, toks: list[Token], key: str, values: dict[str, float | None]) -> None:
        """A budget line's values by column: the annual line sets the block's figures, the others
        (其中：财政资金 …) are kept as lines, the funds they name set."""
        form, se = self.form, self.form.self_eval
        money = {k: (round(v * self.scale, 2) if v is not None else None)
                 for k, v in values.items() if k in ("initial", "full_year", "executed")}
        span = Span(row.line, toks[0].cell.col, row.line, toks[-1].cell.end_col)
        if key == "annual":
            se.budget_initial, se.budget_full_year, se.executed = (money.get("initial"), money.get("full_year"),
                                                                   money.get("executed"))
            se.budget_weight, se.exec_rate, se.budget_score = values.get("weight"), values.get("rate"), values.get("score")
            if se.budget_weight is None:
                se.budget_weight = self.budget_points
            form.funds["annual"] = money.get("full_year")
            form.locations["self_eval.budget"] = span
            form.locations["funds.annual"] = span
            return
        se.lines.append({"name": key, "label": display(toks[0].cell.raw), "line": row.line,
                         "initial": money.get("initial"), "full_year": money.get("full_year"),
                         "executed": money.get("executed"), "exec_rate": values.get("rate")})
        if key in FUND_KEYS and money.get("full_year") is not None:
            form.funds[key] = money.get("full_year")
            form.locations[f"funds.{key}"] = Span(row.line, toks[0].cell.col)

    # --- goals ----------------------------------------------------------------------------------------
    def _goal_labels(self, row: TRow) -> bool:
        toks = row.tokens
        labels = [(i, t.lex.goal) for i, t in enumerate(toks) if t.lex.goal and t.lex.kind is Kind.LABEL]
        # 年度总体目标 over its columns 预期目标 | 实际完成情况 (or 年初绩效目标) labels a block, not a column
        labels = [(i, g) for n, (i, g) in enumerate(labels)
                  if not (n + 1 < len(labels) and (labels[n + 1][1] == g or toks[i].lex.key == "年度总体目标"
                                                   and labels[n + 1][1] == "annual"
                                                   or toks[i].lex.mark & Mark.BLOCK))]
        if not labels:
            return False
        form, goals = self.form, self.goals
        for i, g in labels:
            form.locations.setdefault(f"goals.{g}", Span(row.line, toks[i].cell.col))
        self.capture = Capture.GOALS
        tail = [t for t in toks[labels[-1][0] + 1:] if t.lex.kind is not Kind.LABEL]
        if self._goal_pairs(toks, labels):
            return True
        if row.sep in (Sep.TAB, Sep.PIPE) and len(toks) > 1 and (len(labels) > 1 or not tail):
            goals.cols = [(toks[i].cell.idx, g) for i, g in labels]
            return True
        names = [g for _, g in labels]
        last = goals.segments[-1] if goals.segments else None
        if last is not None and not last.parts:
            if last.block:
                last.goals, last.block = names, False     # the label before was a block's
            else:
                last.goals.extend(names)       # no text since the last label: interleaved
        else:
            block = len(labels) == 1 and bool(toks[labels[0][0]].lex.mark & Mark.BLOCK)
            goals.segments.append(_Segment(names, block=block))
        if tail and len(labels) > 1:
            goals.segments[-1].parts.extend((t.line, t.cell.raw) for t in tail)   # maybe one text per label
        elif tail:
            goals.segments[-1].parts.append((row.line, " ".join(t.cell.raw for t in tail)))
        return True

    def _goal_pairs(self, toks: list[Token], labels: list[tuple[int, str]]) -> bool:
        """预期目标：… | 实际完成情况：… — several goal labels in a row, each followed by its text."""
        if len(labels) < 2 or any(i + 1 >= len(toks) or toks[i + 1].lex.kind is not Kind.TEXT for i, _ in labels):
            return False
        for i, g in labels:
            t = toks[i + 1]
            self.goals.by_col.setdefault(g, []).append((t.line, t.cell.raw))
        return True

    def _section(self, row: TRow) -> None:
        """A prose section's label (项目概况, 立项依据 …) and the text after it on its row: kept in
        ``Form.sections`` by its label, for the rules that read what a project is for."""
        toks = row.tokens
        at = next(i for i, t in enumerate(toks) if t.lex.mark & Mark.PROSE)
        after = toks[at + 1:]
        if len(after) >= 2 and any(t.lex.kind is Kind.LABEL for t in after):
            self.section = None     # a table's column heads (部门职能 | 年度目标任务 | 预算金额): no prose
            return
        label = display(toks[at].cell.raw).rstrip(":：")
        self.section = label
        self.form.sections.setdefault(label, "")
        self.form.locations.setdefault(f"sections.{label}", Span(row.line, toks[at].cell.col))
        self._section_text(toks[at + 1:])

    def _section_text(self, toks: list[Token]) -> None:
        text = " ".join(t.cell.raw for t in toks if t.lex.kind is not Kind.LABEL).strip()
        if text and self.section is not None:
            sections = self.form.sections
            sections[self.section] = f"{sections[self.section]} {text}".strip()

    def _goal_text(self, row: TRow) -> None:
        goals = self.goals
        texts = [t for t in row.tokens if not is_period(t.text) and not t.lex.mark & Mark.BLOCK
                 and not (len(t.text) == 1 and t.text in BLOCK_CHARS)]
        if not texts:
            return
        lone = len(row.tokens) == 1
        if row.sep in (Sep.TAB, Sep.PIPE) and goals.cols and (not lone or not goals.segments):
            self._assign_goals(texts)
            return
        if not goals.segments:
            goals.segments.append(_Segment([g for _, g in goals.cols] or ["total"]))
        segment = goals.segments[-1]
        whole = [t for t in texts if t.lex.kind is not Kind.NUMBER]
        if len(set(segment.goals)) > 1 and len(whole) > 1 and all(t.text[-1:] in "。；;!！" for t in whole):
            # a text per goal column, each a whole sentence (the numbers beside them are completion rates)
            segment.parts.extend((t.line, t.cell.raw) for t in whole)
        else:
            segment.parts.append((row.line, " ".join(t.cell.raw for t in texts)))

    def _assign_goals(self, texts: list[Token]) -> None:
        cols, out = self.goals.cols, self.goals.by_col
        if len(texts) >= 2 and len(cols) >= 2:
            for t, (_, g) in zip(texts, cols):
                out.setdefault(g, []).append((t.line, t.cell.raw))
            return
        for t in texts:
            best = min(cols, key=lambda gc: (abs(gc[0] - t.cell.idx), -gc[0]))
            out.setdefault(best[1], []).append((t.line, t.cell.raw))

    def _finish_goals(self) -> None:
        form = self.form
        for g, parts in self.goals.by_col.items():
            form.goals[g] = "\n".join(display(t) for _, t in parts) or None
            form.locations[f"goals.{g}"] = Span(parts[0][0], 1)
        for segment in self.goals.segments:
            if segment.parts:
                self._stream_goals(segment.parts, segment.goals)

    def _stream_goals(self, parts: list[tuple[int, str]], goals: list[str]) -> None:
        """Goal text in running lines: with two goal labels, a numbered list ('1、') starts the second."""
        form = self.form
        parts = [(ln, t) for ln, t in ((ln, strip_period(t)) for ln, t in parts) if t]
        if not parts:
            return
        goals = list(dict.fromkeys(goals)) or ["total"]
        if len(parts) == len(goals) and len(goals) > 1 and all(t.rstrip()[-1:] in "。；;.!！" for _, t in parts):
            for g, (line, text) in zip(goals, parts):    # one whole text per goal, as the labels ordered them
                form.goals[g] = display(text)
                form.locations[f"goals.{g}"] = Span(line, 1)
            return
        parts = _join_same_line(parts)
        if len(goals) == 1:
            form.goals[goals[0]] = display("".join(t for _, t in parts))
            form.locations[f"goals.{goals[0]}"] = Span(parts[0][0], 1)
            return
        a: list[tuple[int, str]] = []
        b: list[tuple[int, str]] = []
        for line, text in parts:
            m = re.search(r"(?:^|\s)1[、.，,]", text)
            if b or m:
                if m and not b:
                    head, tail = text[: m.start()].strip(), text[m.start():].strip()
                    if head:
                        a.append((line, head))
                    b.append((line, tail))
                else:
                    b.append((line, text))
            else:
                a.append((line, text))
        for g, chunk in ((goals[0], a), (goals[1], b)):
            if chunk:
                form.goals[g] = display("".join(t for _, t in chunk))
                form.locations[f"goals.{g}"] = Span(chunk[0][0], 1)
        form.uncertainties.append(Uncertainty(
            "goals-unseparated", parts[0][0], 1,
            "the two goals arrive interleaved; they were split where a numbered list begins",
            sorted({ln for ln, _ in parts})))

    # --- header fields --------------------------------------------------------------------------------
    def _seen(self, label: Token) -> None:
        """The form's template has this label's field (whether or not the form fills it)."""
        name = label.lex.field
        if name:
            self.form.header_fields.update(_FIELD_OF.get(name, (name.split(".")[0],)))

    def _column_values(self, row: TRow) -> bool:
        """The values under a row of labels (项目资金 | 年度资金总额 | 当年财政拨款 …, then 1456.80 | 1456.80 …)."""
        labels, self.label_row = self.label_row, None
        toks = row.tokens
        if any(t.lex.kind in (Kind.LABEL, Kind.TITLE) for t in toks):
            return False
        by_idx = {t.cell.idx: t for t in toks}
        if all(lb.cell.idx in by_idx for lb in labels) and row.sep is not Sep.SPACE:
            pairs = [(lb, by_idx[lb.cell.idx]) for lb in labels]
        elif len(toks) == len(labels):
            pairs = list(zip(labels, toks))
        else:
            return False
        if not all(_fits(label, value) for label, value in pairs):
            return False
        for label, value in pairs:
            self._set_field(label, [value])
        return True

    def _fields(self, row: TRow, loose: list[Token]) -> bool:
        """Read 'label value' pairs of a header row; returns whether the row held any label."""
        toks, found, i = row.tokens, False, 0
        labels = [t for t in toks if t.lex.field]
        totals = {t.cell.idx: t.lex.field[6:] for t in labels if t.lex.field in ("funds.total", "funds.annual")}
        if len(set(totals.values())) == 2 and row.sep in (Sep.TAB, Sep.PIPE):
            self.fund_cols = totals
        if len(labels) >= 2 and all(t.lex.kind is Kind.LABEL for t in toks):
            self.label_row = labels     # labels only: their values may be in the next row
            for t in labels:
                self._seen(t)
                self._empty_at(t, row)
            return True
        while i < len(toks):
            t = toks[i]
            lex = t.lex
            if lex.kind is Kind.LABEL and lex.mark & Mark.IGNORED and not lex.field:
                found = True
                self._seen(t)
                j = i + 1
                while j < len(toks) and toks[j].lex.kind is not Kind.LABEL and (
                        parse_money(toks[j].text) is not None or j == i + 1 and lex.key != "其中"):
                    j += 1
                i = j
                continue
            if not lex.field:
                if lex.kind is not Kind.LABEL and lex.kind is not Kind.TITLE:
                    loose.append(t)
                i += 1
                continue
            found = True
            self._seen(t)
            j = i + 1
            while j < len(toks) and toks[j].lex.kind is not Kind.LABEL and toks[j].lex.kind is not Kind.TITLE \
                    and (j == i + 1 or row.sep in (Sep.SPACE, Sep.ONE)):
                j += 1
            if j > i + 1:
                self._set_field(t, toks[i + 1:j])
            else:
                self._empty_at(t, row)
            i = j
        return found

    def _empty_at(self, label: Token, row: TRow) -> None:
        """An empty field is reported where its label stands."""
        key = "project_type" if label.lex.field == "project_nature" else label.lex.field
        self.form.locations.setdefault(key, Span(row.line, label.cell.col, row.line, label.cell.end_col))

    def _field_of(self, label: Token) -> str:
        """A label's field; 其中：财政拨款 under the project's total (中期资金总额) is its 财政资金."""
        name = label.lex.field or ""
        if name == "funds.appropriation" and self.fund_cols.get(label.cell.idx) == "total":
            return "funds.fiscal"
        return name

    def _set_field(self, label: Token, values: list[Token]) -> None:
        field_name = self._field_of(label)
        first, last = values[0].cell, values[-1].cell
        span = Span(first.line, first.col, last.line, last.end_col)
        raw = " ".join(v.cell.raw for v in values)
        text = " ".join(v.cell.text for v in values)
        self._seen(label)
        self._assign(field_name, text, raw, span)

    def _assign(self, field_name: str, text: str, raw: str, span: Span) -> None:
        form = self.form
        if field_name.startswith("funds."):
            amount = parse_money(text)
            key = field_name.split(".", 1)[1]
            scale = money_scale(text) or self.scale      # 128.00万元: the value says its own unit
            if amount is not None and (form.funds.get(key) is None or key == "other"):
                form.funds[key] = round(amount * scale, 2)
                form.locations[field_name] = span
            return
        if field_name in ("start_date", "end_date"):
            iso = parse_date(text)
            if iso and getattr(form, field_name) is None:
                setattr(form, field_name, iso)
                form.locations[field_name] = span
            return
        if field_name == "period":
            self._period(text, span)
            return
        if field_name.startswith("self_eval."):
            form.self_eval = form.self_eval or SelfEval()
            setattr(form.self_eval, field_name.split(".", 1)[1], to_number(text))
            form.locations[field_name] = span
            return
        value = display(raw)
        if field_name == "project_nature":
            form.locations.setdefault("project_type", span)
            form.project_type = form.project_type or value
        elif field_name == "project_type":
            form.project_type, form.locations["project_type"] = value, span
        elif field_name == "department_name":
            # 单位名称 / 部门名称: the department when the form names no 主管部门 (read at the end)
            self.unit_name = self.unit_name or (_CODE.sub("", value) or value, span)
        elif getattr(form, field_name) is None:
            if field_name in _CODED:
                value = _CODE.sub("", value) or value
            setattr(form, field_name, value)
            form.locations[field_name] = span

    def _period(self, text: str, span: Span) -> None:
        """项目期 / 项目支出实施期: 2023.07-2024.01, 2023年1月-2025年12月, 2023-2025年 (dates), 3年 (none)."""
        form = self.form
        if form.period is None:
            form.period, form.locations["period"] = display(text), span
        m = _PERIOD.search(text.replace(" ", ""))
        if not m:
            years = _YEARS.match(text.replace(" ", ""))
            if years:
                form.period_years = form.period_years or int(years.group(1))
            return
        form.period_years = int(m.group(4)) - int(m.group(1)) + 1
        y1, m1, d1, y2, m2, d2 = m.groups()
        start = f"{int(y1):04d}-{int(m1 or 1):02d}-{int(d1 or 1):02d}"
        month = int(m2 or 12)
        if not 1 <= month <= 12 or not 1 <= int(m1 or 1) <= 12:
            return
        end = f"{int(y2):04d}-{month:02d}-{int(d2 or _DAYS[month - 1] - (month == 2 and int(y2) % 4 != 0)):02d}"
        if form.start_date is None:
            form.start_date, form.locations["start_date"] = start, span
        if form.end_date is None:
            form.end_date, form.locations["end_date"] = end, span

    def _guess_header(self) -> None:
        """Labels and values in separate runs (column-order extraction): match values by their type."""
        form = self.form
        texts, orgs, kinds, dates, money = [], [], [], [], []
        for t in self.loose:
            s = t.text
            if is_period(s) or _YEAR_LINE.match(s) or (len(s) == 1 and s in BLOCK_CHARS) or s in ("-", "/"):
                continue
            if parse_date(s):
                dates.append((t, parse_date(s)))
            elif parse_money(s) is not None:
                money.append(t)
            elif ORGANISATION.search(s):
                orgs.append(t)
            elif _TYPE.search(s):
                kinds.append(t)
            elif texts and texts[-1].text.endswith(("、", "，", ",")):
                prev = texts.pop()
                cell = Cell(prev.text + s, prev.cell.raw + t.cell.raw, prev.line, prev.cell.col, prev.cell.idx)
                texts.append(Token(prev.lex, cell))
            else:
                texts.append(t)
        guessed = []
        if texts:
            self._assign_one("project", texts[0])
            guessed.append("项目名称")
        if orgs and form.department is None:
            self._assign_one("department", orgs[0])
            guessed.append("主管部门")
        if orgs and form.implementer is None:
            self._assign_one("implementer", orgs[-1])
        if kinds and form.project_type is None:
            self._assign_one("project_type", kinds[0])
        if dates:
            ordered = sorted(dates, key=lambda d: d[1])
            self._assign_one("start_date", ordered[0][0])
            self._assign_one("end_date", ordered[-1][0])
        for key, t in zip(("total", "annual", "appropriation"), money):
            if form.funds.get(key) is None:
                self._assign_one(f"funds.{key}", t)
                guessed.append(key)
        if guessed:
            form.uncertainties.append(Uncertainty(
                "guessed-header", form.line, 1,
                "labels and values of the header arrive in separate runs; matched by their kind: "
                + ", ".join(guessed), sorted({t.line for t in self.loose})))

    def _assign_one(self, field_name: str, tok: Token) -> None:
        c = tok.cell
        self._assign(field_name, c.text, c.raw, Span(c.line, c.col, c.line, c.end_col))


def _fits(label: Token, value: Token) -> bool:
    """Whether a cell can be the value of a label: money under a fund label, a date under a date label."""
    name = label.lex.field or ""
    if name.startswith("funds."):
        return parse_money(value.text) is not None or value.text in _EMPTY_MARKS
    if name in ("start_date", "end_date"):
        return parse_date(value.text) is not None
    return value.lex.kind is not Kind.NUMBER


def _join_same_line(parts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Words of one line, as a space-separated layout split them, back into the line's text."""
    out: list[tuple[int, str]] = []
    for line, text in parts:
        if out and out[-1][0] == line:
            out[-1] = (line, out[-1][1] + " " + text)
        else:
            out.append((line, text))
    return out


def _number_after(toks: list[Token], i: int) -> bool:
    """Whether the token at ``i`` is followed by a number in its row."""
    return i + 1 < len(toks) and to_number(toks[i + 1].text) is not None


def _opens_row(tok: Token, prev: Token | None) -> bool:
    """Whether a label starts a row of its own in a run of words (consecutive budget columns stay together)."""
    lex = tok.lex
    if lex.kind is Kind.TITLE:
        return True
    if lex.kind is not Kind.LABEL or not (lex.field or lex.goal or lex.budget or lex.budget_line or lex.mark
                                          & (Mark.PROSE | Mark.IGNORED | Mark.MONEY_UNIT)):
        return False
    if prev is not None and prev.lex.kind is Kind.LABEL and (
            (lex.budget and prev.lex.budget) or (lex.goal and prev.lex.goal) or prev.lex.mark & Mark.BLOCK
            or prev.lex.goal and lex.mark & Mark.IGNORED):      # a goal table's own column: 总体完成率
        return False
    return True


def label_rows(rows: list[TRow]) -> list[TRow]:
    """A head written as one run of words (a Word table turned into text, a whole form on one line): a row
    for each label and what follows it, so that every layout reaches the reader as 'label value' rows."""
    out: list[TRow] = []
    for row in rows:
        labels = sum(1 for t in row.tokens if t.lex.kind is Kind.LABEL and (t.lex.field or t.lex.goal))
        if row.sep is not Sep.SPACE or labels < 2:
            out.extend(_goals_apart(row))
            continue
        start = 0
        for i in range(1, len(row.tokens)):
            if _opens_row(row.tokens[i], row.tokens[i - 1]):
                out.append(row.part(row.tokens[start:i]))
                start = i
        out.append(row.part(row.tokens[start:]))
    return out


def _goals_apart(row: TRow) -> list[TRow]:
    """Rows a flattened table ran together (it lost the row breaks between them): header fields and a goal,
    a budget block's column headers and its first line — each its own row again."""
    toks = row.tokens
    for i, t in enumerate(toks):
        if i == 0 or t.lex.kind is not Kind.LABEL:
            continue
        if t.lex.goal and any(u.lex.field for u in toks[:i]) or \
                t.lex.budget_line and not t.lex.budget and sum(1 for u in toks[:i] if u.lex.budget) >= 2:
            return [row.part(toks[:i])] + _goals_apart(row.part(toks[i:]))
    return [row]


def is_title_row(row: TRow) -> bool:
    return any(title_kind(t.text) for t in row.tokens)


__all__ = ["HeadReader", "FIELD_LABELS"]
