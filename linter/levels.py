"""The 一级 / 二级 levels in force while an indicator table is read: merged level cells fill down.

A level cell is printed once for its block (a merged cell), wherever extraction put it: at the block's first
row, in its middle, or on its own line. A 二级 whose 一级 was not seen takes its group's usual parent; a 一级
seen again inside its own block (a merged cell printed mid-block) keeps the 二级 in force.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import taxonomy
from .model import Span
from .tokens import Token

# the level-1 names of the 上海 2020 template
_SHANGHAI = frozenset({"投入与管理", "影响力目标", "产出目标", "效果目标"})
_COST_L2 = frozenset({"经济成本指标", "社会成本指标", "生态环境成本指标", "总成本指标", "单位成本指标", "分项成本指标"})


@dataclass(slots=True)
class LevelState:
    """The levels in force, as (canonical, as written, where) for each."""

    l1: str | None = None
    l2: str | None = None
    l1_raw: str | None = None
    l2_raw: str | None = None
    l1_span: Span | None = None
    l2_span: Span | None = None
    l1_points: float | None = None
    l2_points: float | None = None

    def copy(self) -> "LevelState":
        return LevelState(self.l1, self.l2, self.l1_raw, self.l2_raw, self.l1_span, self.l2_span,
                          self.l1_points, self.l2_points)


def _span(tok: Token) -> Span:
    c = tok.cell
    return Span(c.line, c.col, c.line, c.end_col)


@dataclass(slots=True)
class Group:
    """A 二级 group opened in the table, and how many rows were read under it."""

    level1: str | None
    level2: str
    line: int
    rows: int = 0


@dataclass
class Levels:
    """Applies level tokens in reading order; remembers what the template tells."""

    state: LevelState = field(default_factory=LevelState)
    shanghai: bool = False
    cost_as_level1: bool = False
    cost_under_output: bool = False
    # every 二级 group opened, in order; the one rows are read under now
    groups: list[Group] = field(default_factory=list)
    current: Group | None = None

    def apply(self, toks: list[Token]) -> None:
        """A run of level tokens (one row's level cells, or a 【一级-二级】 block)."""
        explicit_l1 = False
        for i, tok in enumerate(toks):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            kind = self._which(tok, nxt, explicit_l1)
            if kind == 1:
                self._set_l1(tok)
                explicit_l1 = True
            else:
                self._set_l2(tok, explicit_l1)

    def _which(self, tok: Token, nxt: Token | None, explicit_l1: bool) -> int:
        lex = tok.lex
        if lex.level1 and not lex.level2:
            return 1
        if lex.level2 and not lex.level1:
            return 2
        # both readings: 成本指标 and 满意度 name a 一级 and a 二级 group
        if explicit_l1 and self.state.l2 is None:
            return 2
        if nxt is not None and nxt.lex.level2 and lex.level1 in taxonomy.default_parents(nxt.lex.level2):
            return 1        # a 二级 of this group follows: 满意度 | 服务对象满意度, 成本指标 | 经济成本指标
        if lex.level1 == "成本指标":
            return 2 if self.state.l1 == "产出指标" else 1
        # 满意度: a 二级 under 效果/效益 (上海 2020), else the 一级 group
        return 2 if self.state.l1 == "效益指标" else 1

    def _set_l1(self, tok: Token) -> None:
        st, lex = self.state, tok.lex
        canon = lex.level1
        if canon == st.l1 and st.l2 is not None:
            # the same merged 一级 cell seen again mid-group (its label sits in the middle): keep the 二级
            st.l1_raw, st.l1_span = tok.cell.text, _span(tok)
            return
        st.l1, st.l1_raw, st.l1_span, st.l1_points = canon, tok.cell.text, _span(tok), lex.points
        st.l2, st.l2_raw, st.l2_span, st.l2_points = None, None, None, None
        self.current = None
        if tok.cell.text.replace(" ", "") in _SHANGHAI:
            self.shanghai = True
        if canon == "成本指标":
            self.cost_as_level1 = True

    def _set_l2(self, tok: Token, explicit_l1: bool) -> None:
        st, lex = self.state, tok.lex
        canon = lex.level2
        parents = taxonomy.default_parents(canon)
        if not explicit_l1 and parents and st.l1 not in parents:
            # a merged 一级 cell whose label extraction put elsewhere: take the group's usual parent
            st.l1, st.l1_raw, st.l1_span, st.l1_points = parents[0], None, None, None
        st.l2, st.l2_raw, st.l2_span, st.l2_points = canon, tok.cell.text, _span(tok), lex.points
        if canon == "成本指标" and st.l1 == "产出指标":
            self.cost_under_output = True
        if canon in _COST_L2:
            self.cost_as_level1 = True
        self.current = Group(st.l1, canon, tok.cell.line)
        self.groups.append(self.current)

    def template(self, year: int | None) -> str:
        if self.shanghai:
            return "shanghai-2020"
        if self.cost_as_level1:
            return "national-2021"
        if self.cost_under_output:
            return "legacy"
        return "national-2021" if (year or 2022) >= 2022 else "legacy"
