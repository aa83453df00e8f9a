"""The indicator table: token rows into Indicators with their levels filled down, whatever the layout.

The column header row (when there is one) says which slots a record has and in what order; level tokens
set the levels in force; everything else is aligned to records by ``align`` — one table row at a time
where the layout has rows, a run of one-cell lines where it has not. Rows that extraction wrapped over two
lines are joined back; rows that are not indicators (punctuation, headers, level labels, boilerplate) are
refused and counted, which is what the read-quality measure is made of.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import taxonomy, units
from .align import SELF_EVAL_SCHEMA, TARGET_SCHEMA, Role, Schema, align, features
from .cells import Cell, Sep, display
from .levels import Levels, LevelState
from .memo import cell_cache
from .model import Indicator, Provenance, ReadQuality, Span, Target, Uncertainty
from .tokens import Kind, Lexeme, Mark, Token, lexeme, to_number
from .values import parse_value
from .vocab import BUDGET_ITEMS, GRADES, STANDARDS, column_role, is_noise

_ROLES = {r.value: r for r in Role}
# a section of a document, numbered in Chinese: 二、2024年项目绩效自评结果 — never an indicator
# a numbering without a name: 2., 指标2, (三)
_NUMBERING = re.compile(r"^(?:指标)?[(（]?[\d一二三四五六七八九十]{1,3}[)）]?[.、．:]?$")
_SECTION = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）])")
# a row with more tokens than its schema by this many is a whole table on one line, not a row
_ROW_SLACK = 4


@dataclass(slots=True)
class TRow:
    """A line of the table as tokens."""

    line: int
    tokens: list[Token]
    sep: Sep
    is_break: bool = False
    # the line ends with a pipe: in a table whose cells close with one, a line without it was cut in a cell
    closed: bool = False
    # a lone pipe: an empty cell of a table flattened one cell a line
    empty: bool = False

    @property
    def is_row(self) -> bool:
        return self.sep is not Sep.ONE and not self.is_break

    def part(self, tokens: list[Token], closed: bool | None = None) -> "TRow":
        """This row with only ``tokens`` (a row holding two things, cut in two)."""
        return TRow(self.line, tokens, self.sep, self.is_break, self.closed if closed is None else closed, self.empty)


@dataclass(slots=True)
class Record:
    levels: LevelState
    slots: list[list[Token]]
    row: bool

    def get(self, schema: Schema, role: Role) -> list[Token]:
        out: list[Token] = []
        for r, toks in zip(schema.roles, self.slots):
            if r is role:
                out.extend(toks)
        return out

    @property
    def tokens(self) -> list[Token]:
        return [t for toks in self.slots for t in toks]

    @property
    def first_line(self) -> int:
        toks = self.tokens
        return min(t.line for t in toks) if toks else 0


@dataclass
class Totals:
    """The 总分 and 评分等级 rows under a self-evaluation table."""

    total_weight: float | None = None
    total_score: float | None = None
    grade: str | None = None
    # the budget item listed as a row of the table (its 分值 and 得分), not an indicator
    budget_weight: float | None = None
    budget_score: float | None = None
    total_span: Span | None = None
    grade_span: Span | None = None


@dataclass
class TableResult:
    indicators: list[Indicator] = field(default_factory=list)
    uncertainties: list[Uncertainty] = field(default_factory=list)
    empty_groups: list[tuple[str | None, str, int]] = field(default_factory=list)
    quality: ReadQuality = field(default_factory=ReadQuality)
    totals: Totals = field(default_factory=Totals)
    template: str = "national-2021"
    layout: str = "tab"
    first_line: int = 0
    last_line: int = 0
    # the line the table ended at, before what is under it (填表人, 审核意见); 0 when it runs to the form's end
    end_line: int = 0


# --- the header -------------------------------------------------------------------------------------

def header_run(rows: list[TRow], start: int = 0) -> tuple[list[Token], int]:
    """The column header tokens at ``rows[start:]`` and the index of the first row after them (a level
    cell on a header row, printed there by a merged cell, does not end the header)."""
    found: list[Token] = []
    i = start
    while i < len(rows):
        toks = [t for t in rows[i].tokens if not t.lex.mark & Mark.BLOCK and not (t.lex.is_level and not t.lex.column)]
        cols = [t for t in toks if t.lex.column]
        if not toks:
            i += 1
            continue
        if len(cols) != len(toks) or (len(cols) == 1 and not found and not _one_per_line(rows, i)):
            break
        found.extend(cols)
        i += 1
    return (found, i) if len({t.lex.column for t in found}) >= 2 else ([], start)


def _header_apart(rows: list[TRow]) -> list[TRow]:
    """A header row run on into the table (a form on one line): the leading column labels a row of their own."""
    if not rows:
        return rows
    first = rows[0]
    n = 0
    for t in first.tokens:
        if t.lex.column and t.lex.kind is Kind.LABEL or t.lex.mark & Mark.BLOCK:
            n += 1
        else:
            break
    if n < 2 or n == len(first.tokens):
        return rows
    return [first.part(first.tokens[:n]), first.part(first.tokens[n:])] + rows[1:]


def _one_per_line(rows: list[TRow], i: int) -> bool:
    """Whether the header goes on over the next lines, one column a line."""
    nxt = rows[i + 1] if i + 1 < len(rows) else None
    return nxt is not None and len(nxt.tokens) == 1 and bool(nxt.tokens[0].lex.column)


def schema_of(header: list[Token], kind: str, spaced: bool = False) -> Schema:
    """The record slots a header names; the template's usual slots when it names too little."""
    roles: list[Role] = []
    positions: list[int | None] = []
    # a header's cell positions say where a row's cells go only where cells are columns (tabs, pipes)
    one_line = len({t.line for t in header}) == 1 and not spaced
    for t in header:
        role = _ROLES[t.lex.column] if t.lex.column else None
        if role is None or role in (Role.LEVEL1, Role.LEVEL2):
            continue
        if role in roles and role not in (Role.SKIP, Role.EXTRA):
            role = Role.EXTRA       # a role named twice (权重 and 权重占比): the first one counts
        roles.append(role)
        positions.append(t.cell.idx if one_line else None)
    default = SELF_EVAL_SCHEMA if kind == "self_eval" else TARGET_SCHEMA
    if Role.NAME not in roles:
        roles.insert(0, Role.NAME)
        positions.insert(0, None)
    if not any(r in (Role.TARGET, Role.OP) for r in roles):
        return default
    return Schema(tuple(roles), tuple(positions), from_header=True)


# --- rows wrapped over two lines ----------------------------------------------------------------------

def _values_at(toks: list[Token]) -> int:
    for i, t in enumerate(toks):
        if t.lex.kind in (Kind.VALUE, Kind.NUMBER, Kind.OP):
            return i
    return len(toks)


def join_cut_cells(rows: list[TRow]) -> list[TRow]:
    """Where the table's lines close with a pipe (``道路保洁服务 |``, ``a | b | ||``), a line that does not
    was cut inside its last cell: the next line's first cell is the rest of it."""
    closing = {sep for sep in (Sep.ONE, Sep.PIPE) if _closes(rows, sep)}
    if not closing:
        return rows
    out: list[TRow] = []
    cut = False
    for row in rows:
        if cut and row.tokens and out:
            prev = out[-1]
            a, b = prev.tokens[-1], row.tokens[0]
            cell = Cell(a.cell.text + b.cell.text, a.cell.raw + b.cell.raw, a.cell.line, a.cell.col, a.cell.idx)
            prev.tokens = prev.tokens[:-1] + [Token(lexeme(cell.text), cell)] + row.tokens[1:]
            prev.closed = row.closed
            cut = not row.closed
            continue
        out.append(row)
        cut = bool(row.tokens) and not row.closed and row.sep in closing
    return out


def _closes(rows: list[TRow], sep: Sep) -> bool:
    """Whether the lines of one kind (one cell a line, or pipe rows) mostly end with a pipe."""
    lines = [r for r in rows if r.tokens and r.sep is sep]
    return len(lines) >= 4 and sum(r.closed for r in lines) >= 0.6 * len(lines)


def join_wrapped_rows(rows: list[TRow]) -> list[TRow]:
    """A row whose cells continue the cells of the row above, cell by cell (a wrapped level and name:
    ``效益 | 经济 | 吸引优质企业落地虹桥，实现优 | ≥4次`` over ``指标 | 效益指标 | 质企业主动对接``)."""
    out: list[TRow] = []
    for row in join_cut_cells(rows):
        prev = out[-1] if out else None
        if prev is not None and prev.is_row and row.is_row and _continues(prev, row):
            head = prev.tokens[:_values_at(prev.tokens)]
            merged: list[Token] = []
            for a, b in zip(head, row.tokens):
                cell = Cell(a.cell.text + b.cell.text, a.cell.raw + b.cell.raw, a.cell.line, a.cell.col, a.cell.idx)
                merged.append(Token(lexeme(cell.text), cell))
            prev.tokens = merged + prev.tokens[len(head):]
            continue
        out.append(row)
    return out


def _continues(prev: TRow, row: TRow) -> bool:
    if any(t.lex.kind in (Kind.VALUE, Kind.NUMBER, Kind.OP) for t in row.tokens):
        return False
    cut = _values_at(prev.tokens)
    head = prev.tokens[:cut]
    if cut == len(prev.tokens) or len(head) != len(row.tokens) or len(head) < 2:
        return False
    # the row above has text where a level should be: a level cell cut in two
    return any(t.lex.kind is Kind.TEXT for t in head[:-1])


# --- reading the body ---------------------------------------------------------------------------------

class TableReader:
    """Reads one form's table rows (the header included) into a TableResult."""

    def __init__(self, kind: str, rows: list[TRow], year: int | None = None):
        self.kind, self.year = kind, year
        self.rows = join_wrapped_rows(rows)
        self.levels = Levels()
        self.result = TableResult()
        self.records: list[Record] = []
        self.unplaced: list[Token] = []
        self.stats = ReadQuality()

    def read(self) -> TableResult:
        self.rows = _header_apart(self.rows)
        header, start = header_run(self.rows)
        if header:
            self._levels_before(self.rows[:start])
        else:
            # a header further down, after block labels or a stray level cell
            for i in range(1, min(4, len(self.rows))):
                header, at = header_run(self.rows, i)
                if header:
                    self._levels_before(self.rows[:i])
                    start = at
                    break
        spaced = any(r.sep is Sep.SPACE for r in self.rows[:start] if r.tokens and r.tokens[0] in header)
        self.schema = schema_of(header, self.kind, spaced)
        self._body(self.rows[start:])
        return self._finish()

    def _levels_before(self, rows: list[TRow]) -> None:
        for row in rows:
            lv = [t for t in row.tokens if t.lex.is_level]
            if lv:
                self.levels.apply(lv)

    def _body(self, rows: list[TRow]) -> None:
        stream: list[Token] = []
        pending_total: str | None = None
        for row in _split_at_marks(rows):
            if row.tokens and len(row.tokens) > 1 and _SECTION.match(row.tokens[0].cell.text) and _level_heading(row):
                row = row.part(row.tokens[1:])     # 二、 效益指标: the level, without its number
            if row.empty:
                continue        # an empty cell, where the columns do not count
            if row.is_break:
                self._segment(stream, False)
                stream = []
                continue
            toks = row.tokens
            first = toks[0]
            if (self.records or stream) and (first.lex.mark & Mark.TAIL and (not first.lex.column
                                                                              or first.cell.text.endswith(":"))
                                             or _SECTION.match(first.cell.text) and not _level_heading(row)
                                             or self.result.totals.total_span and not pending_total
                                             and not first.lex.mark & Mark.GRADE_LABEL):
                self.result.end_line = row.line    # what is under the table: 填表人, 审核意见, the next section
                break
            if first.lex.mark & (Mark.TOTAL | Mark.GRADE_LABEL) and not first.lex.is_level:
                self._segment(stream, False)
                stream = []
                pending_total = self._totals(row)
                continue
            if pending_total and self._totals_more(row, pending_total):
                pending_total = None if pending_total == "grade" else pending_total
                continue
            pending_total = None
            if self._repeated_header(toks):
                continue
            wide = len(toks) > len(self.schema.roles) + _ROW_SLACK
            if row.is_row and not wide:
                self._segment(stream, False)
                stream = []
                self._events(toks, True)
            else:
                stream.extend(toks)
                if row.is_row:     # a whole table on one line: a stream, but its end ends a record
                    self._events(stream, False)
                    stream = []
        self._segment(stream, False)

    def _repeated_header(self, toks: list[Token]) -> bool:
        cols = [t for t in toks if t.lex.column and t.lex.kind is Kind.LABEL]
        return len(cols) >= 2 and len(cols) == len(toks)

    def _segment(self, toks: list[Token], row: bool) -> None:
        if toks:
            self._events(toks, row)

    def _events(self, toks: list[Token], row: bool) -> None:
        """Split a run of tokens at its level cells: levels are applied, what lies between is aligned."""
        toks = [_in_table(t) for t in toks]
        content: list[Token] = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.lex.mark & Mark.BLOCK and t.lex.kind is Kind.LABEL:
                self.stats.placed += 1
                self.stats.cells += 1
                i += 1
                continue
            if not t.lex.is_level:
                content.append(t)
                i += 1
                continue
            j = i
            while j < len(toks) and toks[j].lex.is_level:
                j += 1
            run = toks[i:j]
            nxt = toks[j] if j < len(toks) else None
            if nxt is not None and nxt.lex.is_value and (len(run) > 1 or not content):
                # the 三级 name repeats its level's name (服务对象满意度 under 服务对象满意度指标)
                content_after = [_as_name(run[-1])]
                run = run[:-1]
            else:
                content_after = []
            self._align(content, row)
            content = []
            if run:
                self.levels.apply(run)
                self.stats.cells += len(run)
                self.stats.placed += len(run)
            content.extend(content_after)
            i = j
        self._align(content, row)

    def _align(self, toks: list[Token], row: bool) -> None:
        if not toks:
            return
        actions = align(self.schema, features(toks), row)
        self.stats.cells += len(toks)
        rec: Record | None = None
        k = len(self.schema.roles)
        for tok, act in zip(toks, actions):
            if act[0] == "drop":
                if tok.lex.kind in (Kind.VALUE, Kind.NUMBER, Kind.TEXT, Kind.OP, Kind.UNIT) and any(
                        ch.isalnum() for ch in tok.cell.text):
                    self.unplaced.append(tok)
                else:
                    self.stats.placed += 1
                continue
            self.stats.placed += 1
            slot = act[1]
            if act[0] == "fill" and (act[2] or rec is None):
                rec = Record(self.levels.state.copy(), [[] for _ in range(k)], row)
                self.records.append(rec)
                if self.levels.current is not None:
                    self.levels.current.rows += 1
            assert rec is not None
            rec.slots[slot].append(tok)

    # --- 总分 and 评分等级 --------------------------------------------------------------------------
    def _totals(self, row: TRow) -> str | None:
        first, rest = row.tokens[0], row.tokens[1:]
        totals = self.result.totals
        span = Span(first.line, first.cell.col)
        if first.lex.mark & Mark.GRADE_LABEL:
            grade = next((t.text for t in rest if t.text in GRADES), None)
            totals.grade = grade or totals.grade
            totals.grade_span = totals.grade_span or span
            return None if grade else "grade"
        nums = [n for n in (to_number(t.text) for t in rest) if n is not None]
        if len(nums) >= 2:
            totals.total_weight, totals.total_score = nums[-2], nums[-1]
        elif len(nums) == 1:
            totals.total_score = nums[0]
        totals.total_span = totals.total_span or span
        return "total" if not rest else None

    def _totals_more(self, row: TRow, pending: str) -> bool:
        """The value of a 总分 / 评分等级 label that stood alone on its line."""
        totals = self.result.totals
        if pending == "grade":
            if row.tokens[0].text in GRADES:
                totals.grade = row.tokens[0].text
                return True
            return False
        nums = [to_number(t.text) for t in row.tokens]
        if not nums or any(n is None for n in nums):
            return False
        if totals.total_weight is None and totals.total_score is None and len(nums) == 1:
            totals.total_weight = nums[0]
        elif totals.total_score is None:
            totals.total_score = nums[-1]
        if len(nums) >= 2:
            totals.total_weight, totals.total_score = nums[-2], nums[-1]
        return True

    # --- records into indicators -------------------------------------------------------------------
    def _finish(self) -> TableResult:
        res = self.result
        records = merge_wrapped_records(self.records, self.schema)
        for rec in records:
            ind = self._indicator(rec)
            if ind is not None:
                res.indicators.append(ind)
        for tok in self.unplaced:
            res.uncertainties.append(Uncertainty("unplaced-value", tok.line, tok.cell.col,
                                                 f"cell {tok.text!r} could not be placed in an indicator row"))
        res.empty_groups = self._empty_groups()
        res.template = self.levels.template(self.year)
        self.stats.rows = len(res.indicators)
        self.stats.missing_values = sum(1 for i in res.indicators if i.target is None)
        res.quality = self.stats
        lines = [t.line for r in self.rows for t in r.tokens]
        if lines:
            res.first_line, res.last_line = min(lines), max(lines)
        res.layout = _layout(self.rows)
        return res

    def _indicator(self, rec: Record) -> Indicator | None:
        schema = self.schema
        names = rec.get(schema, Role.NAME)
        if not names:
            return None
        if len(names) == 2 and names[0].cell.text == names[1].cell.text:
            names = names[:1]      # a row outside the level groups: its name in the 一级 column and its own
            if self.kind == "self_eval" and names[0].lex.key in BUDGET_ITEMS:
                totals = self.result.totals     # the budget item, listed as a row (河北)
                totals.budget_weight = _number(rec.get(schema, Role.WEIGHT))
                totals.budget_score = _number(rec.get(schema, Role.SCORE))
                return None
        name = _join_name(names)
        lv = rec.levels
        if is_phantom(name) or _level_in_name_place(name, lv):
            self.stats.phantoms += 1
            self.stats.placed -= len(rec.tokens)
            return None
        first = names[0].cell
        ind = Indicator(name=name, line=first.line, column=first.col,
                        end_column=names[-1].cell.end_col if names[-1].line == first.line else first.end_col,
                        level1=lv.l1, level2=lv.l2, level1_raw=lv.l1_raw, level2_raw=lv.l2_raw,
                        level1_points=lv.l1_points, level2_points=lv.l2_points)
        prov = Provenance(name=[_span(t) for t in names], level1=lv.l1_span, level2=lv.l2_span)
        ind.cells = prov
        unit = rec.get(schema, Role.UNIT)
        target_toks = rec.get(schema, Role.OP) + rec.get(schema, Role.TARGET)
        if target_toks or unit and self.kind != "self_eval":
            ind.target, prov.target = self._value(target_toks, unit, names)
            ind.value_span = prov.target[0] if prov.target else None
        actual = rec.get(schema, Role.ACTUAL)
        if actual:
            ind.actual, prov.actual = self._value(actual, unit, names, actual=True)
            ind.actual_span = prov.actual[0]
        prior = rec.get(schema, Role.PRIOR)
        if prior:
            ind.prior, _ = self._value(prior, unit, names)
        ind.weight = _number(rec.get(schema, Role.WEIGHT))
        ind.score = _number(rec.get(schema, Role.SCORE))
        reason = rec.get(schema, Role.REASON)
        if reason:
            ind.deviation_reason = display("".join(t.cell.raw for t in reason))
        self._check_agreement(ind, rec)
        return ind

    def _value(self, toks: list[Token], unit: list[Token], names: list[Token],
               actual: bool = False) -> tuple[Target | None, list[Span]]:
        parts = [t for t in toks if not (t.lex.kind is Kind.OP and t.lex.op is None)]   # 定性
        text = "".join(t.cell.raw if len(parts) == 1 else t.cell.text for t in parts)
        spans = [_span(t) for t in toks]
        target = parse_value(text) if parts else None
        if target is None and not unit:
            return None, spans
        needs_unit = target is None or (target.is_quantitative and not target.unit)
        if unit and needs_unit:
            text = text + unit[0].cell.text
            spans.append(_span(unit[0]))
        elif needs_unit and target is not None:
            hint = next((n.lex for n in names if n.lex.hint_unit), None)
            if hint is not None:
                op = "" if target.op or hint.hint_op is None else {">=": "≥", "<=": "≤"}.get(hint.hint_op, hint.hint_op)
                text = op + text + hint.hint_unit
        if text and (target is None or text != target.raw):
            target = parse_value(text)
        return target, spans

    def _check_agreement(self, ind: Indicator, rec: Record) -> None:
        t = ind.target
        if t is not None and lexeme(t.raw).is_level:
            self.stats.level_values += 1
        for role in (Role.WEIGHT, Role.SCORE):
            if any(tok.lex.kind is not Kind.NUMBER for tok in rec.get(self.schema, role)):
                self.stats.disagreements += 1

    def _empty_groups(self) -> list[tuple[str | None, str, int]]:
        """二级 groups named with no row read under them."""
        return [(g.level1, g.level2, g.line) for g in self.levels.groups if g.rows == 0]


_TABLE_MARKS = Mark.BLOCK | Mark.TOTAL | Mark.GRADE_LABEL | Mark.TAIL


def _in_table(tok: Token) -> Token:
    """A label of the head (预算执行率 heads a budget column) inside the table is an indicator's name."""
    lex = tok.lex
    if lex.kind is Kind.LABEL and not lex.column and not lex.mark & _TABLE_MARKS:
        return Token(Lexeme(Kind.TEXT, lex.key), tok.cell)
    return tok


_ROW_MARKS = Mark.TOTAL | Mark.GRADE_LABEL | Mark.TAIL


def _split_at_marks(rows: list[TRow]) -> list[TRow]:
    """Rows run together (a table on one line, a flattened table that lost its row breaks): 总分, 评分等级
    and 填表人 start rows of their own."""
    out: list[TRow] = []
    for row in rows:
        if not any(t.lex.kind is Kind.LABEL and t.lex.mark & _ROW_MARKS for t in row.tokens[1:]):
            out.append(row)
            continue
        start = 0
        for i, t in enumerate(row.tokens):
            if i > start and t.lex.kind is Kind.LABEL and t.lex.mark & _ROW_MARKS and not t.lex.column:
                out.append(row.part(row.tokens[start:i]))
                start = i
        out.append(row.part(row.tokens[start:]))
    return out


def _as_name(tok: Token) -> Token:
    """A level cell read as the indicator's name."""
    return Token(Lexeme(Kind.TEXT, tok.lex.key), tok.cell)


def merge_wrapped_records(records: list[Record], schema: Schema) -> list[Record]:
    """Join records that one table row wrapped over two lines became: a name on one line and its values
    on the next, or a name's last characters on a line of their own."""
    out: list[Record] = []
    i = 0
    while i < len(records):
        rec = records[i]
        nxt = records[i + 1] if i + 1 < len(records) else None
        names, values = rec.get(schema, Role.NAME), _has_values(rec, schema)
        if names and not values and nxt is not None and _same_levels(rec, nxt):
            nnames = nxt.get(schema, Role.NAME)
            if not nnames and _has_values(nxt, schema):
                _prepend_name(nxt, schema, names)
                i += 1
                continue
            if nnames and _has_values(nxt, schema) and _wraps(names, nnames) and _adjacent(names[-1], nnames[0]):
                _prepend_name(nxt, schema, names)
                i += 1
                continue
        prev = out[-1] if out else None
        if names and not values and prev is not None and _same_levels(prev, rec) and _has_values(prev, schema):
            pnames = prev.get(schema, Role.NAME)
            if pnames and _wraps(pnames, names) and _adjacent(pnames[-1], names[0]) \
                    and names[0].cell.idx == pnames[0].cell.idx:
                _append_name(prev, schema, names)
                i += 1
                continue
        if not names and prev is not None and not _has_values(prev, schema) and prev.get(schema, Role.NAME):
            for slot, toks in enumerate(rec.slots):
                prev.slots[slot].extend(toks)
            i += 1
            continue
        out.append(rec)
        i += 1
    return out


def _has_values(rec: Record, schema: Schema) -> bool:
    return any(toks for r, toks in zip(schema.roles, rec.slots) if r is not Role.NAME)


def _same_levels(a: Record, b: Record) -> bool:
    return (a.levels.l1, a.levels.l2) == (b.levels.l1, b.levels.l2)


def _wraps(first: list[Token], second: list[Token]) -> bool:
    a, b = first[-1].cell.text, second[0].cell.text
    return len(b) <= 2 or len(a) <= 2 or (len(a) >= 11 and a[-1] not in "率数性度量况次额效值标")


def _adjacent(a: Token, b: Token) -> bool:
    return 0 < b.line - a.line <= 2


def _prepend_name(rec: Record, schema: Schema, names: list[Token]) -> None:
    i = schema.roles.index(Role.NAME)
    rec.slots[i] = names + rec.slots[i]


def _append_name(rec: Record, schema: Schema, names: list[Token]) -> None:
    rec.slots[schema.roles.index(Role.NAME)].extend(names)


def _join_name(names: list[Token]) -> str:
    if len(names) == 1:
        return display(names[0].cell.raw)
    parts = [display(t.cell.raw) for t in names]
    out = parts[0]
    for prev, part in zip(parts, parts[1:]):
        # Chinese text wraps with no space; Latin words keep theirs
        sep = " " if prev[-1:].isascii() and part[:1].isascii() and prev[-1:].isalnum() else ""
        out += sep + part
    return out


def _number(toks: list[Token]) -> float | None:
    for t in toks:
        n = to_number(t.cell.text.rstrip("分"))
        if n is not None:
            return n
    return None


def _span(tok: Token) -> Span:
    c = tok.cell
    return Span(c.line, c.col, c.line, c.end_col)


def _is_unit_text(text: str) -> bool:
    """Whether a text is a unit, perhaps per a period or a head (元/人, 元/人·月, 次/年)."""
    unit = parse_value("1" + text).unit
    return bool(unit) and text.startswith(unit) and _PER.fullmatch(text[len(unit):]) is not None


_PER = re.compile(r"(?:[·/][天日周月季年人户次])?")
# a bracketed qualifier at the end of a cell: 二级指标(长期), 计划指标值(或计划水平)
_QUALIFIER = re.compile(r"[（(][^()（）]{1,10}[)）]$")


def _level_heading(row: TRow) -> bool:
    """A numbered heading that names a level (``二、 效益指标``): the list of indicators goes on under it."""
    toks = row.tokens
    rest = toks[1:] if len(toks) > 1 else []
    if not rest:
        rest_text = _SECTION.sub("", toks[0].cell.text).strip()
        return bool(rest_text) and lexeme(rest_text).is_level
    return all(t.lex.is_level for t in rest)


def _level_in_name_place(name: str, lv: LevelState) -> bool:
    """A level's label read as the name of a row whose 二级 the table does not write (a blank template, a
    table that lost its 三级 cells): the level itself, not an indicator. Under a written 二级 the same name
    is the form's own (PF110 reports it); 服务对象满意度 may name its group's indicator."""
    return lv.l2_span is None and taxonomy.is_level_name(name) and not name.endswith("满意度")


@cell_cache(longest=64)
def is_phantom(name: str) -> bool:
    """A 'name' that no indicator has: punctuation, a number, a numbering, a unit, a header, a level label,
    boilerplate."""
    s = name.replace(" ", "")
    if len(s) <= 1 or not any(ch.isalnum() for ch in s) or _NUMBERING.match(s):
        return True
    base, bare = _QUALIFIER.sub("", s), s.strip("()（）[]【】*＊")
    if base and base != s and is_phantom(base) or bare != s and is_phantom(bare):
        return True     # 指标值(长期), 三级指标(年度), (分), **人: a header or a unit, qualified or bracketed
    if s[0] in "*＊" and _is_unit_text(bare):
        return True     # **元/人·月: a placeholder before a unit is a target left to fill, not a name
    if all(units.lookup(p) is not None for p in re.split(r"[()（）]", s) if p):
        return True     # %(百分比), 万元
    lex = lexeme(s)
    if lex.kind in (Kind.NUMBER, Kind.OP, Kind.UNIT, Kind.TITLE):
        return True
    if lex.kind is Kind.VALUE and (lex.key in STANDARDS or parse_value(s).kind == "quantitative"):
        return True     # a target's basis (计划标准) or a target itself (≥85%) in the name's place
    if lex.kind is Kind.LABEL and (lex.field or lex.goal or lex.column or lex.mark):
        return True     # a header, goal or table label (a budget column's name, 预算执行率, is a name)
    if lex.is_level and lex.points is not None:
        return True
    return column_role(lex.key) is not None or is_noise(s)


def _layout(rows: list[TRow]) -> str:
    counts = {Sep.TAB: 0, Sep.PIPE: 0, Sep.SPACE: 0, Sep.ONE: 0}
    for r in rows:
        if not r.is_break:
            counts[r.sep] += 1
    if not any(counts.values()):
        return "tab"
    best = max(counts, key=lambda s: counts[s])
    return {Sep.TAB: "tab", Sep.PIPE: "pipe", Sep.SPACE: "space", Sep.ONE: "cell-per-line"}[best]
