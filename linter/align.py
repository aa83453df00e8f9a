"""Tokens of an indicator table into records: which cell is the name, the target, the score …

One mechanism for every layout. The table's column header row (or, without one, the template's usual
columns) gives the record's slots in order; a segment of tokens — one table row, or a run of cells one per
line — is aligned to repeated records by dynamic programming: each token fills the next slot its kind fits
(an operator the 计算符号 column, a number a score, text a name or a reason), joins the slot before it (a name
wrapped over two lines, a value split over cells), or is left unplaced. Row layouts add what the header's
column positions say. The alignment depends only on the tokens' *features*, so it is cached: a batch repeats
the same row shapes thousands of times.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from .tokens import Kind, Token

NEG = float("-inf")


class Role(Enum):
    LEVEL1 = "level1"
    LEVEL2 = "level2"
    NAME = "name"
    TARGET = "target"
    OP = "op"
    UNIT = "unit"
    ACTUAL = "actual"
    PRIOR = "prior"
    WEIGHT = "weight"
    SCORE = "score"
    REASON = "reason"
    NOTE = "note"
    SKIP = "skip"
    EXTRA = "extra"      # a column read but not kept: a second score, a verdict beside the actual


# the parts of a target value that a system export splits into columns
TARGET_PARTS = frozenset({Role.TARGET, Role.OP, Role.UNIT})


@dataclass(frozen=True, slots=True)
class Schema:
    """The slots of a record in column order (levels excluded), and where each sits in a header row."""

    roles: tuple[Role, ...]
    positions: tuple[int | None, ...]
    from_header: bool = False

    @property
    def name_index(self) -> int:
        return self.roles.index(Role.NAME)


TARGET_SCHEMA = Schema((Role.NAME, Role.TARGET), (None, None))
SELF_EVAL_SCHEMA = Schema((Role.NAME, Role.TARGET, Role.ACTUAL, Role.WEIGHT, Role.SCORE, Role.REASON),
                          (None,) * 6)


# --- token features: all the alignment looks at ---------------------------------------------------

class F:
    """Feature flags of a token (bits)."""

    QUANT = 1        # a quantitative value (≥85%)
    SHORT = 2        # text of at most 4 characters: may be the tail of a wrapped name
    CUT = 4          # long text not ending like a complete name: may continue on the next line
    PUNCT = 8        # punctuation or a dash only: an empty cell's mark
    SMALLNUM = 16    # a number in [0, 100]: may be a weight or a score
    VERDICT = 32     # 达成 / 未达成 / 完成: a self-evaluation's actual
    NEWLINE = 64     # on another line than the token before
    NAMEY = 128      # ends like an indicator name (…率, …数, …性, …度)
    PROSE = 256      # a sentence (。；, or very long): a reason or a note, hardly a name


_NAME_ENDINGS = set("率数性度量况次额效值标人时期积级制果用本品感力长位间升围境置能化设平理础备费金资例户项件场篇册")
_VERDICTS = frozenset({"达成", "已达成", "基本达成", "部分达成", "未达成", "完成", "已完成", "基本完成", "未完成",
                       "达成指标", "达成目标", "是", "否", "无"})
_WRAP_WIDTH = 11

Feature = tuple[Kind, int, int]


def features(tokens: list[Token]) -> tuple[Feature, ...]:
    out = []
    prev_line = None
    for t in tokens:
        text, kind, flags = t.cell.text, t.lex.kind, 0
        if kind is Kind.VALUE:
            from .values import parse_value
            if parse_value(text).kind == "quantitative":
                flags |= F.QUANT
            if text in _VERDICTS:
                flags |= F.VERDICT
        elif kind is Kind.NUMBER:
            try:
                if 0 <= float(text.replace(",", "")) <= 100:
                    flags |= F.SMALLNUM
            except ValueError:
                pass
        elif kind in (Kind.TEXT, Kind.LABEL):
            if not any(ch.isalnum() for ch in text):
                flags |= F.PUNCT
            if len(text) <= 4:
                flags |= F.SHORT
            if len(text) >= _WRAP_WIDTH and text[-1] not in _NAME_ENDINGS:
                flags |= F.CUT
            if text[-1] in _NAME_ENDINGS:
                flags |= F.NAMEY
            if len(text) > 40 or any(p in text for p in "。；;!?！？"):
                flags |= F.PROSE
        if prev_line is not None and t.cell.line != prev_line:
            flags |= F.NEWLINE
        prev_line = t.cell.line
        out.append((kind, flags, t.cell.idx))
    return tuple(out)


# --- scores ------------------------------------------------------------------------------------------

# how well a token of a kind fills a slot of a role (NEG: never)
_FIT: dict[Role, dict[Kind, float]] = {
    Role.NAME: {Kind.TEXT: 2.0, Kind.LABEL: -1.0, Kind.VALUE: -1.5},
    Role.TARGET: {Kind.VALUE: 2.0, Kind.NUMBER: 1.6, Kind.OP: 0.8, Kind.TEXT: 0.1, Kind.UNIT: -0.5},

    Role.OP: {Kind.OP: 2.2, Kind.VALUE: -0.5},
    Role.UNIT: {Kind.UNIT: 2.2, Kind.TEXT: 0.2},
    Role.ACTUAL: {Kind.VALUE: 2.0, Kind.NUMBER: 1.6, Kind.TEXT: 0.3},
    Role.PRIOR: {Kind.VALUE: 1.4, Kind.NUMBER: 1.4},
    Role.WEIGHT: {Kind.NUMBER: 2.0, Kind.VALUE: 0.2},
    Role.SCORE: {Kind.NUMBER: 2.0, Kind.VALUE: 0.2},
    Role.REASON: {Kind.TEXT: 1.0, Kind.VALUE: 0.4, Kind.NUMBER: 0.0, Kind.LABEL: -0.5},
    Role.NOTE: {Kind.TEXT: 1.0, Kind.VALUE: 0.4, Kind.NUMBER: 0.2, Kind.LABEL: -0.5},
    Role.SKIP: {Kind.NUMBER: 0.8, Kind.TEXT: -1.0},
    Role.EXTRA: {Kind.NUMBER: 0.6, Kind.VALUE: 0.6, Kind.TEXT: 0.6},
}
# cost of a slot left empty inside a record (a record may end early: that costs the rest)
_SKIP: dict[Role, float] = {Role.NAME: 4.0, Role.TARGET: 1.2, Role.ACTUAL: 0.7, Role.WEIGHT: 0.4, Role.SCORE: 0.4,
                            Role.OP: 0.1, Role.UNIT: 0.1, Role.PRIOR: 0.1, Role.REASON: 0.0, Role.NOTE: 0.0,
                            Role.SKIP: 0.0, Role.EXTRA: 0.0}
_POSITION_BONUS = 1.2


def _fit(role: Role, feat: Feature) -> float:
    kind, flags, _ = feat
    score = _FIT[role].get(kind, NEG)
    if score == NEG:
        return NEG
    if role is Role.NAME and flags & F.PUNCT:
        return NEG
    if flags & F.PUNCT:
        return 0.3 if role in (Role.REASON, Role.NOTE, Role.ACTUAL, Role.TARGET) else NEG
    if role in (Role.WEIGHT, Role.SCORE) and kind is Kind.NUMBER and not flags & F.SMALLNUM:
        score -= 1.0
    if role is Role.ACTUAL and flags & F.VERDICT:
        score += 0.5
    if role is Role.NAME and flags & F.NAMEY:
        score += 0.3
    if role is Role.NAME and flags & F.PROSE:
        score -= 1.6
    if role in (Role.TARGET, Role.ACTUAL) and kind is Kind.TEXT and flags & F.SHORT and not flags & F.NAMEY:
        score += 0.5     # a short word that does not end like a name: an uncommon qualitative target (建立健全)
    return score


def _join(role: Role, prev: Feature, feat: Feature) -> float:
    """Score of ``feat`` continuing the slot whose last token is ``prev`` (NEG: it cannot)."""
    kind, flags, _ = feat
    pkind, pflags, _ = prev
    if role is Role.NAME and kind is Kind.TEXT and not flags & F.PUNCT:
        if pflags & F.PROSE:
            return NEG
        if not flags & F.NEWLINE:
            return 0.9           # a name with a space inside it, split by a space-separated layout
        if pflags & F.CUT or flags & F.SHORT and flags & F.NAMEY:
            return 1.6           # a name wrapped over two lines: its tail ends like a name (…度, …率)
        if flags & F.SHORT:
            return 0.3
        return -0.5
    if role in (Role.REASON, Role.NOTE) and kind is Kind.TEXT:
        return 0.8 if not flags & F.NEWLINE or pflags & F.CUT else 0.2
    if role is Role.TARGET or role is Role.ACTUAL:
        # a value split over cells: ≥ | 90 | %, or 90 | (%)
        if pkind is Kind.OP and kind in (Kind.NUMBER, Kind.VALUE):
            return 1.8
        if pkind in (Kind.NUMBER, Kind.VALUE) and kind is Kind.UNIT:
            return 1.8
    return NEG


def _drop(feat: Feature) -> float:
    kind, flags, _ = feat
    if flags & F.PUNCT:
        return -0.05
    return -1.5 if kind in (Kind.VALUE, Kind.NUMBER, Kind.TEXT) else -0.3


# --- the alignment -----------------------------------------------------------------------------------

# an action per token: ("fill", slot, new record?), ("join", slot), ("drop",)
Action = tuple


@lru_cache(maxsize=4096)
def align(schema: Schema, feats: tuple[Feature, ...], row: bool) -> tuple[Action, ...]:
    """The best actions for a segment's tokens; ``row`` when the segment is one table row."""
    k = len(schema.roles)
    roles = schema.roles
    cum = [0.0]
    for r in roles:
        cum.append(cum[-1] + _SKIP[r])
    name_at = schema.name_index
    # best[s]: best score with the open record's last filled slot s (k: no record open)
    best = [NEG] * k + [0.0]
    back: list[list[tuple[int, Action]]] = []
    last_feat: list[Feature | None] = [None] * (k + 1)
    for feat in feats:
        new = [NEG] * (k + 1)
        came: list[tuple[int, Action]] = [(k, ("drop",))] * (k + 1)
        # leave the token unplaced
        for s in range(k + 1):
            if best[s] > NEG and best[s] + _drop(feat) > new[s]:
                new[s], came[s] = best[s] + _drop(feat), (s, ("drop",))
        # close the open record (paying for what it left empty) and open a new one
        close_best, close_from = _closed(best, cum, k)
        # go on in the open record, or open one
        run, run_from = NEG, k
        for j in range(k):
            if j > 0 and best[j - 1] > NEG:
                v = best[j - 1] + cum[j]
                if v > run:
                    run, run_from = v, j - 1
            fit = _fit(roles[j], feat)
            if fit == NEG:
                continue
            if schema.positions[j] is not None and row and schema.positions[j] == feat[2]:
                fit += _POSITION_BONUS
            if run > NEG and run - cum[j] + fit > new[j]:
                new[j], came[j] = run - cum[j] + fit, (run_from, ("fill", j, False))
            if j <= name_at and close_best > NEG and close_best - cum[j] + fit > new[j]:
                if not (row and close_from < k):   # a table row holds one record
                    new[j], came[j] = close_best - cum[j] + fit, (close_from, ("fill", j, True))
        # the token continues the slot filled last
        for s in range(k):
            prev = last_feat[s]
            if best[s] == NEG or prev is None:
                continue
            v = best[s] + _join(roles[s], prev, feat)
            if v > new[s]:
                new[s], came[s] = v, (s, ("join", s))
        for s in range(k + 1):
            act = came[s][1]
            if act[0] in ("fill", "join"):
                last_feat[s] = feat
            elif came[s][0] != s:
                last_feat[s] = last_feat[came[s][0]]
        best = new
        back.append(came)
    # end: close the open record, then follow the choices back
    s = _closed(best, cum, k)[1]
    actions: list[Action] = []
    for came in reversed(back):
        s, act = came[s]
        actions.append(act)
    actions.reverse()
    return tuple(actions)


def _closed(best: list[float], cum: list[float], k: int) -> tuple[float, int]:
    """The best score of closing the open record, paying for the slots it left empty, and the state it
    closes from (``k`` when none is open)."""
    top, state = NEG, k
    for s in range(k + 1):
        if best[s] == NEG:
            continue
        v = best[s] - (cum[k] - cum[s + 1] if s < k else 0.0)
        if v > top:
            top, state = v, s
    return top, state
