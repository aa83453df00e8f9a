"""Column-order extraction: names and values in separate runs, paired in order.

Some PDF tools emit a table column by column, so a target form's 三级指标 names and their 指标值 arrive in
separate runs (``寄送快递数 / 印章质量合格率 / =30000家 / >=19900件``). The names queue, the values queue, and
the first name takes the first value; a name wrapped over two lines is joined back. The levels the group
labels gave are a guess then: each name gets the 二级 group its words suggest, the groups kept in their
order (a dynamic programme over names and groups), and the reader says so.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from . import taxonomy
from .cells import Cell, display
from .levels import Levels, LevelState
from .model import Indicator, Span, Uncertainty
from .tokens import Kind, Lexeme, Mark, Token
from .values import parse_value

_EMPTY = ("-", "/", "—")
_NAME_ENDINGS = set("率数性度量况次额效值标人时期积级制果用本品感力长位间升围境置能果化设平理础备量费金资例户项件场篇册")
_WRAP_WIDTH = 11
_VALUE_KINDS = (Kind.VALUE, Kind.NUMBER, Kind.OP, Kind.UNIT)


@dataclass
class _Name:
    cells: list[Cell]
    levels: LevelState
    pos: int


@dataclass
class ColumnOrderReader:
    """Feed it a target form's table tokens in reading order; read ``indicators`` when done."""

    levels: Levels = field(default_factory=Levels)
    indicators: list[Indicator] = field(default_factory=list)
    uncertainties: list[Uncertainty] = field(default_factory=list)
    max_queue: int = 0
    _names: deque = field(default_factory=deque)
    _values: deque = field(default_factory=deque)
    _pos: int = 0
    _labels: list[tuple[int, str]] = field(default_factory=list)   # (position, 二级) of each group label
    _positions: list[int] = field(default_factory=list)            # the name's position, per indicator
    _last_name: Cell | None = None
    _last_was_name: bool = False
    _after_label: bool = False

    def feed(self, toks: list[Token]) -> None:
        """One row's tokens (column headers and block labels are not content)."""
        toks = [t for t in toks if not (t.lex.kind is Kind.LABEL and (t.lex.column or t.lex.mark & Mark.BLOCK))]
        i = 0
        while i < len(toks):
            i = self._token(toks, i)

    def _token(self, toks: list[Token], i: int) -> int:
        t = toks[i]
        self._pos += 1
        if t.lex.is_level and self._after_label and t.lex.level2 and self.levels.state.l2 == t.lex.level2:
            t = Token(Lexeme(Kind.TEXT, t.lex.key), t.cell)   # the name repeats its group's (服务对象满意度)
        if t.lex.is_level:
            return self._level(toks, i)
        value = t.lex.kind in _VALUE_KINDS
        if not value:
            i = self._name(toks, i, t)
        elif t.text in _EMPTY and self._after_label:
            return i + 1
        else:
            self._values.append(t.cell)
            self._last_was_name = False
        self._after_label = False
        self._pair()
        return i + 1

    def _level(self, toks: list[Token], i: int) -> int:
        run = [toks[i]] + ([toks[i + 1]] if i + 1 < len(toks) and _l2_only(toks[i + 1]) else [])
        before = self.levels.current
        self.levels.apply(run)
        if self.levels.current is not None and self.levels.current is not before:
            self._labels.append((self._pos, self.levels.current.level2))
        i += len(run) - 1
        self._last_was_name = False
        if i + 1 < len(toks) and toks[i + 1].text in _EMPTY:   # a lone "-" after a group label: empty group
            i += 1
        self._after_label = True
        return i + 1

    def _name(self, toks: list[Token], i: int, t: Token) -> int:
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        last = self._last_name
        if last is not None and (len(t.text) <= 2 or (self._last_was_name and _wraps(last, t.cell))):
            self._append_to_last(t.cell)
        elif nxt is not None and nxt.lex.kind in _VALUE_KINDS and not self._names:
            self._make([t.cell], nxt.cell, self.levels.state.copy(), self._pos)
            i += 1
        else:
            self._names.append(_Name([t.cell], self.levels.state.copy(), self._pos))
        self._last_name = t.cell
        self._last_was_name = True
        return i

    def _append_to_last(self, cell: Cell) -> None:
        for p in reversed(self._names):
            if p.cells[-1] is self._last_name:
                p.cells.append(cell)
                return
        for ind in reversed(self.indicators):
            if ind.line == self._last_name.line and ind.column == self._last_name.col:
                ind.name += display(cell.raw)
                return
        self._names.append(_Name([cell], self.levels.state.copy(), self._pos))

    def _pair(self) -> None:
        self.max_queue = max(self.max_queue, len(self._names), len(self._values))
        while self._names and self._values:
            p = self._names.popleft()
            self._make(p.cells, self._values.popleft(), p.levels, p.pos)

    def _make(self, cells: list[Cell], value: Cell | None, lv: LevelState, pos: int) -> None:
        first = cells[0]
        name = display("".join(c.raw for c in cells)).replace(" ", "") if len(cells) > 1 else display(first.raw)
        ind = Indicator(name=name, line=first.line, column=first.col,
                        end_column=cells[-1].end_col if cells[-1].line == first.line else first.end_col,
                        level1=lv.l1, level2=lv.l2, level1_raw=lv.l1_raw, level2_raw=lv.l2_raw)
        if value is not None:
            ind.target = parse_value(value.raw)
            ind.value_span = Span(value.line, value.col, value.line, value.end_col)
        self.indicators.append(ind)
        self._positions.append(pos)

    def finish(self) -> None:
        for cell in self._values:
            self.uncertainties.append(Uncertainty("unplaced-value", cell.line, cell.col,
                                                  f"value {cell.text!r} could not be matched to an indicator"))
        for p in list(self._names):
            self.uncertainties.append(Uncertainty("unplaced-name", p.cells[0].line, p.cells[0].col,
                                                  f"indicator {p.cells[0].text!r} has no value in the table"))
        while self._names:
            p = self._names.popleft()
            self._make(p.cells, None, p.levels, p.pos)
        if self.max_queue >= 2:
            self._guess_levels()

    def _guess_levels(self) -> None:
        """Each name the 二级 group its words suggest, the groups kept in the order their labels came."""
        groups: list[str] = []
        for _, g in sorted(self._labels):
            if g not in groups:
                groups.append(g)
        if not groups or not self.indicators:
            return
        chosen = _assign(self.indicators, self._positions, sorted(self._labels), groups)
        for ind, j in zip(self.indicators, chosen):
            g = groups[j]
            if ind.level2 != g:
                ind.level2, ind.level2_raw = g, None
            parents = taxonomy.default_parents(g)
            if parents:
                ind.level1 = parents[0]
            ind.guessed = True
        lines = sorted({i.line for i in self.indicators})
        self.uncertainties.append(Uncertainty(
            "guessed-level", lines[0], 1, f"levels of {len(self.indicators)} indicators guessed from names and "
            "label order", lines))


def _assign(indicators: list[Indicator], positions: list[int], labels: list[tuple[int, str]],
            groups: list[str]) -> list[int]:
    """The group of each indicator: a monotone path through the groups that best fits the names' words and
    the label last seen before each name."""
    keywords = taxonomy.keywords()
    positional = []
    for pos in positions:
        j = 0
        for lpos, g in labels:
            if lpos <= pos:
                j = groups.index(g)
        positional.append(j)
    hints = [{g for g, words in keywords.items() if any(w in ind.name for w in words)} for ind in indicators]

    def score(i: int, j: int) -> float:
        s = 0.3 if positional[i] == j else 0.0
        if hints[i]:
            s += 2.0 if groups[j] in hints[i] else 0.0
            s -= 0.5 * len(hints[i] - {groups[j]})
        return s

    n, k, neg = len(indicators), len(groups), float("-inf")
    best = [[neg] * k for _ in range(n)]
    back = [[0] * k for _ in range(n)]
    for j in range(k):
        best[0][j] = score(0, j)
    for i in range(1, n):
        run, arg = neg, 0
        for j in range(k):
            if best[i - 1][j] > run:
                run, arg = best[i - 1][j], j
            best[i][j] = run + score(i, j)
            back[i][j] = arg
    j = max(range(k), key=lambda x: best[n - 1][x])
    chosen = [0] * n
    for i in range(n - 1, -1, -1):
        chosen[i] = j
        j = back[i][j]
    return chosen


def _l2_only(tok: Token) -> bool:
    return tok.lex.is_level and bool(tok.lex.level2) and not tok.lex.level1


def _wraps(prev: Cell, cell: Cell) -> bool:
    """Whether ``cell`` continues the name in ``prev`` (a cell wrapped over two lines)."""
    if len(cell.text) <= 2:
        return True
    return len(prev.text) >= _WRAP_WIDTH and prev.text[-1] not in _NAME_ENDINGS
