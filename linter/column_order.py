"""Indicator tables: rows (or a stream of cells) into Indicators with their levels filled down.

The reader knows the form's vocabulary (level names, column headers, value syntax) rather than column
positions, because PDF extraction shifts rows, wraps cells and, in column-order extraction, separates
names from their values. Names and values that arrive apart are paired in order (first name with first
value); where it had to guess, the table records an Uncertainty.
"""
from __future__ import annotations

import re
from collections import deque
from functools import lru_cache
from dataclasses import dataclass, field

from . import taxonomy
from .cells import Cell, display
from .memo import cell_cache
from .model import Indicator, Span, Uncertainty
from .values import QUALITATIVE_WORDS, parse_value
from .vocab import BLOCK_CHARS, BLOCK_LABELS, COLUMN_HEADERS, label_key

# a value glued in front of the next cell by extraction: "=3台网络安全设备维护数量", "=2人产出指标"
_GLUED = re.compile(r"^((?:[<>]=?|=|≥|≤|≧|≦)\s*\d[\d,]*(?:\.\d+)?\s*(?:%|[^\s\d%,.()（）]{1,3}?))"
                    r"(?=[\u4e00-\u9fff“\"(（]{2})")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
# last characters of a complete 三级 name; a long cell ending otherwise was probably wrapped
_NAME_ENDINGS = set("率数性度量况次额效值标人时期积级制果用本品感力长位间升围境置能果化设平理础备量费金资例户项件场篇册")
_WRAP_WIDTH = 11
# qualitative values built from known words, maybe after an adverb: 健全且执行有效, 持续改善和提升, 进一步提升


@lru_cache(maxsize=1)
def _qual_combo() -> re.Pattern:
    """Compiled on first use: the alternation of every qualitative word costs milliseconds to build."""
    words = "|".join(sorted((w for w in QUALITATIVE_WORDS if len(w) >= 2), key=len, reverse=True))
    return re.compile(f"(?:持续|进一步|逐步|不断|稳步|明显|显著|全面|大幅|有效|基本)?(?:{words})"
                      f"(?:(?:且|和|并|及|、)?(?:执行)?(?:{words}))*")


@dataclass(slots=True)
class Tok:
    cell: Cell
    kind: str            # L1 L2 AMB HDR BLOCK VAL NUM TEXT
    canon: str | None = None
    alt: str | None = None   # for AMB: the level-2 reading

    @property
    def text(self) -> str:
        return self.cell.text


def is_number(text: str) -> bool:
    return bool(_PLAIN_NUMBER.match(text.replace(",", "")))


def to_number(text: str | None) -> float | None:
    if text is None:
        return None
    t = text.replace(",", "").strip()
    return float(t) if _PLAIN_NUMBER.match(t) else None


@cell_cache()
def value_like(text: str) -> bool:
    """Whether a lone cell reads as a target value rather than an indicator name."""
    t = parse_value(text)
    if t.kind == "quantitative":
        return True
    if t.kind == "invalid":
        return t.reason in ("placeholder", "not-a-target", "unparsable") and len(text) <= 6
    word = (t.qualitative or text).strip("=")
    return word in QUALITATIVE_WORDS or (len(word) <= 8 and bool(_qual_combo().fullmatch(word)))


def classify(cell: Cell) -> Tok:
    kind, canon, alt = _kind_of(cell.text)
    return Tok(cell, kind, canon, alt)


@cell_cache()
def _kind_of(text: str) -> tuple[str, str | None, str | None]:
    key = label_key(text)
    if key in COLUMN_HEADERS:
        return "HDR", None, None
    if key in BLOCK_LABELS or (len(key) == 1 and key in BLOCK_CHARS):
        return "BLOCK", None, None
    l1, l2 = taxonomy.level1_of(key), taxonomy.level2_of(key)
    if l1 and l2:
        return "AMB", l1, l2
    if l1:
        return "L1", l1, None
    if l2:
        return "L2", l2, None
    if is_number(text):
        return "NUM", None, None
    return "TEXT", None, None


def split_glued(tok: Tok) -> list[Tok]:
    """Separate a value that extraction glued to the following name or level."""
    if tok.kind != "TEXT":
        return [tok]
    m = _GLUED.match(tok.cell.text)
    if not m or (parse_value(tok.cell.text).kind == "quantitative" and parse_value(tok.cell.text).reason is None):
        return [tok]
    head = m.group(1)
    c = tok.cell
    first = Cell(head, head, c.line, c.col, c.idx)
    rest_text = c.text[len(head):]
    rest = Cell(rest_text, rest_text, c.line, c.col + len(head), c.idx)
    return [Tok(first, "VAL"), classify(rest)]


@dataclass
class _Pending:
    cells: list[Cell]
    l1: str | None
    l2: str | None
    l1_raw: str | None
    l2_raw: str | None
    pos: int


@dataclass
class TableReader:
    """Feed it the rows of one form's indicator table; read ``indicators`` when done."""

    kind: str                      # "target" | "self_eval"
    stream: bool = False           # cells arrive one per line (cell-per-line or column-order)
    indicators: list[Indicator] = field(default_factory=list)
    uncertainties: list[Uncertainty] = field(default_factory=list)
    empty_groups: list[tuple[str | None, str, int]] = field(default_factory=list)
    cost_as_level1: bool = False
    cost_under_output: bool = False
    shanghai: bool = False
    max_queue: int = 0
    l1: str | None = None
    l2: str | None = None
    l1_raw: str | None = None
    l2_raw: str | None = None
    _group: tuple[str | None, str, int, int] | None = None   # (l1, l2, line, count at start)
    _names: deque = field(default_factory=deque)
    _values: deque = field(default_factory=deque)
    _pos: int = 0
    _labels: list[tuple[int, str]] = field(default_factory=list)   # stream: (position, level2)
    _positions: list[int] = field(default_factory=list)            # stream: name position per indicator
    _prev_text: list[Cell] | None = None      # cells before the value of the last row, if it had fragments
    _last_name_tok: Cell | None = None
    _last_was_name: bool = False
    _se_state: dict | None = None
    _after_label: bool = False     # stream: the last cell was a group label
    _last_idx: int = -1            # rows: the row position of the last indicator's name

    # --- levels ------------------------------------------------------------------------------------
    def _close_group(self) -> None:
        if self._group is not None and not self.stream:
            l1, l2, line, start = self._group
            if len(self.indicators) == start and not self._names:
                self.empty_groups.append((l1, l2, line))
        self._group = None

    def _set_l1(self, tok: Tok) -> None:
        if tok.canon == self.l1 and self.l2 is not None:
            # the same merged 一级 cell seen again mid-group (its label sits in the middle): keep the 二级
            self.l1_raw = tok.cell.text
            return
        self._close_group()
        self.l1, self.l1_raw = tok.canon, tok.cell.text
        self.l2, self.l2_raw = None, None
        if tok.cell.text.replace(" ", "") in ("投入与管理", "影响力目标", "产出目标", "效果目标"):
            self.shanghai = True
        if tok.canon == "成本指标":
            self.cost_as_level1 = True

    def _set_l2(self, tok: Tok, explicit_l1: bool) -> None:
        self._close_group()
        canon = tok.canon if tok.kind == "L2" else tok.alt
        parents = taxonomy.default_parents(canon)
        if not explicit_l1 and parents and self.l1 not in parents:
            # a merged 一级 cell whose label extraction put elsewhere: take the group's usual parent
            self.l1, self.l1_raw = parents[0], None
        self.l2, self.l2_raw = canon, tok.cell.text
        if canon == "成本指标" and self.l1 == "产出指标":
            self.cost_under_output = True
        if canon in ("经济成本指标", "社会成本指标", "生态环境成本指标"):
            self.cost_as_level1 = True
        if self.stream:
            self._labels.append((self._pos, canon))
        self._group = (self.l1, canon, tok.cell.line, len(self.indicators))

    def _resolve_amb(self, tok: Tok, nxt: Tok | None) -> str:
        """成本指标 and 满意度 name both a 一级 and a 二级 group: decide from what surrounds them."""
        if tok.canon == "成本指标":
            if nxt is not None and nxt.kind == "L2" and "成本指标" in taxonomy.default_parents(nxt.canon):
                return "L1"
            return "L2" if self.l1 == "产出指标" else "L1"
        # 满意度: a 二级 under 效果/效益 (上海 2020), else the 一级 group
        return "L2" if self.l1 == "效益指标" else "L1"

    def _apply_levels(self, toks: list[Tok]) -> list[Tok]:
        """Consume leading level cells of a row; return the rest."""
        explicit_l1 = False
        i = 0
        while i < len(toks) and toks[i].kind in ("L1", "L2", "AMB"):
            tok = toks[i]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            kind = tok.kind if tok.kind != "AMB" else self._resolve_amb(tok, nxt)
            if kind == "L1":
                if explicit_l1 and self.l2 is None and tok.kind == "AMB":
                    kind = "L2"
                else:
                    if tok.kind == "AMB":
                        tok = Tok(tok.cell, "L1", tok.canon)
                    self._set_l1(tok)
                    explicit_l1 = True
                    i += 1
                    continue
            self._set_l2(tok if tok.kind == "L2" else Tok(tok.cell, "L2", tok.alt), explicit_l1)
            i += 1
            if not self.stream:
                break
        return toks[i:]

    # --- indicators --------------------------------------------------------------------------------
    def _make(self, name_cells: list[Cell], value: Cell | None, pend: _Pending | None = None,
              extra: dict | None = None) -> Indicator:
        first = name_cells[0]
        name = display("".join(c.raw for c in name_cells)).replace(" ", "") if len(name_cells) > 1 \
            else display(first.raw)
        ind = Indicator(name=name, line=first.line, column=first.col, end_column=name_cells[-1].end_col
                        if name_cells[-1].line == first.line else first.end_col)
        src = pend or self
        ind.level1, ind.level2, ind.level1_raw, ind.level2_raw = src.l1, src.l2, src.l1_raw, src.l2_raw
        if value is not None:
            ind.target = parse_value(value.raw)
            ind.value_span = Span(value.line, value.col, value.line, value.end_col)
        if extra:
            for k, v in extra.items():
                setattr(ind, k, v)
        self.indicators.append(ind)
        if self.stream:
            self._positions.append(pend.pos if pend else self._pos)
        return ind

    def _pending(self, cells: list[Cell]) -> _Pending:
        return _Pending(cells, self.l1, self.l2, self.l1_raw, self.l2_raw, self._pos)

    def _flush_names(self) -> None:
        """Names that never got a value (row layouts): indicators with a missing value."""
        while self._names:
            p = self._names.popleft()
            self._make(p.cells, None, p)

    def _pair(self) -> None:
        self.max_queue = max(self.max_queue, len(self._names), len(self._values))
        while self._names and self._values:
            p = self._names.popleft()
            self._make(p.cells, self._values.popleft(), p)

    def _wraps(self, prev: Cell, cell: Cell) -> bool:
        """Whether ``cell`` continues the name in ``prev`` (a cell wrapped over two lines)."""
        if len(cell.text) <= 2:
            return True
        return len(prev.text) >= _WRAP_WIDTH and prev.text[-1] not in _NAME_ENDINGS

    # --- rows --------------------------------------------------------------------------------------
    def feed(self, row) -> None:
        toks: list[Tok] = []
        for c in row.cells:
            toks.extend(split_glued(classify(c)))
        hdr = sum(t.kind == "HDR" for t in toks)
        toks = [t for t in toks if t.kind not in ("BLOCK", "HDR")]
        if hdr >= 2 and all(t.kind in ("L1", "L2", "AMB") for t in toks):
            self._apply_levels(toks)   # a header row may carry a stray 一级 label
            return
        if not toks:
            return
        if self.stream:
            self._feed_stream(toks)
        elif self.kind == "self_eval":
            self._feed_self_eval_row(toks, row)
        else:
            self._feed_target_row(toks, row)

    def _continuation(self, toks: list[Tok]) -> bool:
        """Join a value-less row onto the previous row when it carries the rest of its wrapped cells."""
        if self._prev_text is None or any(t.kind in ("VAL", "NUM") for t in toks):
            return False
        if len(toks) != len(self._prev_text):
            return False
        ind = self.indicators[-1]
        merged = [Cell(a.text + b.text, a.raw + b.raw, a.line, a.col, a.idx) for a, b in zip(self._prev_text, (t.cell for t in toks))]
        levels = [classify(c) for c in merged[:-1]]
        for t in levels:
            k = t.kind if t.kind != "AMB" else "L1"
            if k == "L1":
                ind.level1, ind.level1_raw = t.canon, t.cell.text
                self.l1, self.l1_raw = ind.level1, ind.level1_raw
            elif k == "L2":
                ind.level2, ind.level2_raw = t.canon, t.cell.text
                self.l2, self.l2_raw = ind.level2, ind.level2_raw
        ind.name = display(merged[-1].raw).replace(" ", "")
        self._prev_text = None
        return True

    def _feed_target_row(self, toks: list[Tok], row) -> None:
        if self._continuation(toks):
            return
        rest = self._apply_levels(toks)
        if not rest:
            self._flush_names()
            self._prev_text = None
            return
        if len(rest) == 1:
            t = rest[0]
            if self._names and value_like(t.text):
                cells = [c for p in self._names for c in p.cells]
                p = self._names[0]
                self._names.clear()
                self._make(cells, t.cell, p)
            elif self._names and self._wraps(self._names[-1].cells[-1], t.cell):
                self._names[-1].cells.append(t.cell)
            elif (not self._names and self.indicators and t.kind == "TEXT" and len(toks) == 1
                  and self.indicators[-1].target is not None and t.cell.idx == self._last_idx
                  and self._wraps_prev_name(t.cell)):
                self.indicators[-1].name += display(t.cell.raw)
            elif value_like(t.text) and toks[0].kind in ("L2", "AMB") and len(toks) == 2:
                # the 三级 name repeats the 二级 name: the level cell is the name
                self._flush_names()
                self._make([toks[0].cell], t.cell)
            else:
                self._names.append(self._pending([t.cell]))
            self._prev_text = None
            return
        self._flush_names()
        value = rest[-1]
        names = rest[:-1]
        name = names[-1]
        ind = self._make([name.cell], value.cell)
        self._last_idx = name.cell.idx
        fragments = [t for t in names[:-1] if t.kind == "TEXT"]
        self._prev_text = [t.cell for t in toks[: len(toks) - 1]] if fragments else None
        if fragments and not ind.level2_raw:
            ind.level2_raw = fragments[-1].text


    def _wraps_prev_name(self, cell: Cell) -> bool:
        prev = self.indicators[-1].name
        return len(cell.text) <= 4 or (len(prev) >= _WRAP_WIDTH and prev[-1] not in _NAME_ENDINGS)

    def _feed_self_eval_row(self, toks: list[Tok], row) -> None:
        if self._continuation(toks):
            return
        rest = self._apply_levels(toks)
        if not rest:
            self._prev_text = None
            return
        cells = [t for t in rest]
        reason = None
        if len(cells) >= 4 and cells[-1].kind == "TEXT" and cells[-2].kind == "NUM":
            reason = cells.pop()
        score = cells.pop() if cells and cells[-1].kind == "NUM" and len(cells) >= 3 else None
        weight = cells.pop() if cells and cells[-1].kind == "NUM" and len(cells) >= 3 else None
        if weight is None and score is not None:
            weight, score = score, None
        vals: list[Tok] = []
        while len(cells) > 1 and len(vals) < 2 and (value_like(cells[-1].text) or cells[-1].kind == "NUM"
                                                    or len(cells) > 2):
            vals.insert(0, cells.pop())
        if not cells:
            return
        name = cells[-1]
        target = vals[0] if vals else None
        actual = vals[1] if len(vals) > 1 else None
        if len(cells) == 1 and not vals and weight is None:
            # a row with a name only: the continuation of a wrapped name, or a name without values
            if self.indicators and self._wraps_prev_name(name.cell) and len(toks) == 1:
                self.indicators[-1].name += display(name.cell.raw)
                return
        extra = {"weight": to_number(weight.text) if weight else None,
                 "score": to_number(score.text) if score else None,
                 "deviation_reason": display(reason.cell.raw) if reason else None}
        ind = self._make([name.cell], target.cell if target else None, extra=extra)
        if actual is not None:
            ind.actual = parse_value(actual.cell.raw)
            ind.actual_span = Span(actual.cell.line, actual.cell.col, actual.cell.line, actual.cell.end_col)
        fragments = [t for t in cells[:-1] if t.kind == "TEXT"]
        self._prev_text = [t.cell for t in toks[: len(toks) - len(rest)] + cells] if fragments else None
        self._last_idx = name.cell.idx

    # --- streams (cell per line, column order) --------------------------------------------------------
    def _feed_stream(self, toks: list[Tok]) -> None:
        i = 0
        while i < len(toks):
            t = toks[i]
            self._pos += 1
            if t.kind in ("L2", "AMB") and self._after_label \
                    and self.l2 == (t.canon if t.kind == "L2" else t.alt):
                # the 三级 name repeats its 二级 group's name (服务对象满意度 under 服务对象满意度指标)
                t = Tok(t.cell, "TEXT")
            if t.kind in ("L1", "L2", "AMB"):
                self._apply_levels([t] + ([toks[i + 1]] if i + 1 < len(toks) and toks[i + 1].kind == "L2" else []))
                if i + 1 < len(toks) and toks[i + 1].kind == "L2":
                    i += 1
                self._last_was_name = False
                # a lone "-" right after a group label marks the group empty, it is not a value
                if i + 1 < len(toks) and toks[i + 1].text in ("-", "/", "—"):
                    i += 1
                self._after_label = True
                i += 1
                continue
            if self.kind == "self_eval":
                self._stream_self_eval(t)
                i += 1
                continue
            is_val = t.kind in ("VAL", "NUM") or (t.kind == "TEXT" and value_like(t.text))
            if t.kind == "TEXT" and not is_val:
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if self._last_name_tok is not None and (
                        len(t.text) <= 2 or (self._last_was_name and self._wraps(self._last_name_tok, t.cell))):
                    self._append_to_last_name(t.cell)
                elif nxt is not None and (nxt.kind in ("VAL", "NUM") or value_like(nxt.text)) and not self._names:
                    self._make([t.cell], nxt.cell)
                    i += 1
                else:
                    self._names.append(self._pending([t.cell]))
                self._last_name_tok = t.cell
                self._last_was_name = True
            else:
                if t.text in ("-", "/", "—") and self._after_label:
                    i += 1
                    continue
                self._values.append(t.cell)
                self._last_was_name = False
            self._after_label = False
            self._pair()
            i += 1

    def _append_to_last_name(self, cell: Cell) -> None:
        for p in reversed(self._names):
            if p.cells[-1] is self._last_name_tok:
                p.cells.append(cell)
                return
        for ind in reversed(self.indicators):
            if ind.line == self._last_name_tok.line and ind.column == self._last_name_tok.col:
                ind.name += display(cell.raw)
                return
        self._names.append(self._pending([cell]))

    def _stream_self_eval(self, t: Tok) -> None:
        """Self-evaluation cells one per line: name, target, actual, weight, score, then maybe a reason."""
        st = self._se_state
        if t.kind == "TEXT" and not value_like(t.text):
            if st is not None and st["ind"] is not None and st["n"] >= 4 and st["reason"] is None:
                # text after a complete row: a reason, unless a value follows (then it is the next name)
                st["maybe_reason"] = t.cell
                return
            self._se_start(t.cell)
            return
        if st is None:
            self._values.append(t.cell)
            return
        if st.get("maybe_reason") is not None:
            # the text before this value was the next indicator's name, not a reason
            cell = st.pop("maybe_reason")
            self._se_start(cell)
            st = self._se_state
        ind = st["ind"]
        n = st["n"]
        if n == 0:
            ind.target = parse_value(t.cell.raw)
            ind.value_span = Span(t.cell.line, t.cell.col, t.cell.line, t.cell.end_col)
        elif n == 1:
            ind.actual = parse_value(t.cell.raw)
            ind.actual_span = Span(t.cell.line, t.cell.col, t.cell.line, t.cell.end_col)
        elif n == 2:
            ind.weight = to_number(t.text)
        elif n == 3:
            ind.score = to_number(t.text)
        else:
            self._values.append(t.cell)
        st["n"] = n + 1

    def _se_start(self, cell: Cell) -> None:
        st = self._se_state
        if st is not None and st.get("maybe_reason") is not None and st["ind"] is not None:
            st["ind"].deviation_reason = display(st.pop("maybe_reason").raw)
        ind = self._make([cell], None)
        self._se_state = {"ind": ind, "n": 0, "reason": None}

    # --- end -----------------------------------------------------------------------------------------
    def finish(self) -> None:
        if self._se_state is not None and self._se_state.get("maybe_reason") is not None:
            self._se_state["ind"].deviation_reason = display(self._se_state.pop("maybe_reason").raw)
        self._close_group()
        for cell in self._values:
            self.uncertainties.append(Uncertainty("unplaced-value", cell.line, cell.col,
                                                  f"value {cell.text!r} could not be matched to an indicator"))
        if self.stream and self._names:
            for p in list(self._names):
                self.uncertainties.append(Uncertainty("unplaced-name", p.cells[0].line, p.cells[0].col,
                                                      f"indicator {p.cells[0].text!r} has no value in the table"))
        self._flush_names()
        if self.stream and self.max_queue >= 2 and self.kind == "target":
            self._guess_levels()

    def _guess_levels(self) -> None:
        """Column order: assign each name the 二级 group its words suggest, keeping the groups' order."""
        groups: list[str] = []
        for _, g in sorted(self._labels):
            if g not in groups:
                groups.append(g)
        if not groups or not self.indicators:
            return
        keywords = taxonomy.keywords()
        n, k = len(self.indicators), len(groups)
        # positional guess: the group label last seen before the name
        positional = []
        for pos in self._positions:
            j = 0
            for lpos, g in sorted(self._labels):
                if lpos <= pos:
                    j = groups.index(g)
            positional.append(j)

        hints = [{g for g, words in keywords.items() if any(w in ind.name for w in words)}
                 for ind in self.indicators]

        def score(i: int, j: int) -> float:
            s = 0.3 if positional[i] == j else 0.0
            if hints[i]:
                s += 2.0 if groups[j] in hints[i] else 0.0
                s -= 0.5 * len(hints[i] - {groups[j]})
            return s

        neg = float("-inf")
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
            "guessed-level", lines[0], 1, f"levels of {n} indicators guessed from names and label order", lines))
