"""Text printed across a page break, given back to the cell it belongs to.

A merged cell (a 一级 or 二级 level merged down its block, the 绩效指标 label) that a page break cuts is one
cell box on each page, and office programs print its text once, in different places:

* Word and Calc in the middle of the whole block — on whichever page that falls, Calc on each page;
* LibreOffice Writer in the block's first box, running on into the next box when it does not fit.

So the boxes of one column meeting at the breaks of a table form a *chain* (the box at the foot of one page,
the box at the head of the next, …). First, texts that are one text are put together: the same text on
both sides of a break (Calc), a text running on into the next box (Writer: it fills its box to the bottom
and right edge and goes on at the top of the next), a level name cut in two (``产`` | ``出指标``: the indicator
vocabulary decides where geometry cannot, ``taxonomy.is_level_name``, data rather than a later stage), and a
row broken over the break (every cell going on at the head of the page ran to the foot of the page before).
Then the chain is cut into blocks, each holding one text, so that each text sits as near the middle of its
block as it can (a tie: the boxes go with the text above, as Writer prints); boxes that all span one row
never make a block together (two rows, not a merged cell). Each block's text goes to its first box, where
the same form written as tab text has it.
"""
from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from ..taxonomy import is_level_name

if TYPE_CHECKING:
    from .pdftables import Cell, Fragment

_TOL = 2.0
_EMPTY_BLOCK = 1000.0     # the cost of a block without text: only where no text can take it
_LONGEST = 12             # chains longer than this (tables of a dozen pages in one merged cell) are left alone


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def settle(fragments: list[Fragment]) -> None:
    """Give text printed across the breaks between ``fragments`` (stacked, gridded) back to its cells."""
    following: dict[int, Cell] = {}
    for upper, lower in zip(fragments, fragments[1:]):
        heads = {(c.col, c.cols): c for c in lower.cells if c.top <= lower.top + _TOL}
        pairs = [(up, heads[(up.col, up.cols)]) for up in upper.cells
                 if up.bottom >= upper.bottom - _TOL and (up.col, up.cols) in heads]
        _broken_row([(up, low) for up, low in pairs if up.rows == 1 and low.rows == 1])
        following.update((id(up), low) for up, low in pairs)
    starts = {id(c) for c in following.values()}
    for frag in fragments:
        for cell in frag.cells:
            if id(cell) in following and id(cell) not in starts:
                chain = [cell]
                while id(chain[-1]) in following:
                    chain.append(following[id(chain[-1])])
                if len(chain) <= _LONGEST:
                    _settle_chain(chain)


def _broken_row(pairs: list[tuple[Cell, Cell]]) -> None:
    """A row broken over the break is one row again: every cell going on at the head of the page ran to
    the foot of the page before, and either some cells stayed put (they fitted) or all were long texts."""
    going_on = [(up, low) for up, low in pairs if low.text]
    if going_on and all(_runs_on(up, low) for up, low in going_on) and (
            any(up.text and not low.text for up, low in pairs) or all(_lines(up) >= 2 for up, _ in going_on)):
        for up, low in going_on:
            _join(up, low)


def _settle_chain(chain: list[Cell]) -> None:
    for up, low in zip(chain, chain[1:]):
        if up.text and low.text and _one_text(up, low):
            _join(up, low)
    pieces = [i for i, c in enumerate(chain) if c.text]
    if not pieces:
        return
    best = min(_partitions(chain), key=lambda cuts: _cost(chain, cuts, pieces))
    for block in _blocks(len(chain), best):
        texts = [i for i in block if chain[i].text]
        if texts and texts[0] != block[0]:
            first, piece = chain[block[0]], chain[texts[0]]
            first.text, piece.text = piece.text, ""


def _one_text(up: Cell, low: Cell) -> bool:
    """Two texts meeting at a break that are one: a merged cell's printed twice (Calc, dropped here) or
    running on (Writer), a level name cut in two."""
    merged = up.rows >= 2 or low.rows >= 2
    if merged and squashed(up.text) == squashed(low.text):
        low.text, low.bound = "", True            # the copy goes; the cells stay one block
        return False
    verdict = _spells_level(up, low)
    return verdict is True or verdict is None and merged and _runs_on(up, low)


def _join(up: Cell, low: Cell) -> None:
    up.text, low.text, low.bound = up.text + "\n" + low.text, "", True


def _partitions(chain: list[Cell]):
    """Every way to cut the chain into blocks (the positions after which a block ends)."""
    places = [i for i in range(len(chain) - 1) if not chain[i + 1].bound]
    for n in range(len(places) + 1):
        yield from combinations(places, n)


def _blocks(length: int, cuts: tuple[int, ...]) -> list[list[int]]:
    bounds = [-1, *cuts, length - 1]
    return [list(range(a + 1, b + 1)) for a, b in zip(bounds, bounds[1:])]


def _cost(chain: list[Cell], cuts: tuple[int, ...], pieces: list[int]) -> float:
    """How far each text is from the middle of its block; a block of one-row boxes only, or with two texts,
    is impossible, a block with none costly; a tie goes to boxes joining the text above."""
    total = 0.0
    for block in _blocks(len(chain), cuts):
        texts = [i for i in block if i in pieces]
        if len(texts) > 1:
            return float("inf")
        if len(block) > 1 and all(chain[i].rows == 1 for i in block) and not any(chain[i].bound for i in block):
            return float("inf")
        if not texts:
            total += _EMPTY_BLOCK * len(block)
            continue
        cell = chain[texts[0]]
        middle = (chain[block[0]].top + chain[block[-1]].bottom) / 2
        text_middle = (cell.text_top + cell.text_bottom) / 2 if cell.text_top is not None else middle
        total += abs(text_middle - middle) + 0.01 * (texts[0] - block[0])
    return total


def _spells_level(up: Cell, low: Cell) -> bool | None:
    """What the indicator vocabulary says of two texts meeting at a break: True when only together they
    spell a level name (产 + 出指标), False when each is one already (two blocks), None when it cannot tell."""
    if is_level_name(up.text) and is_level_name(low.text):
        return False
    if is_level_name(squashed(up.text) + squashed(low.text)):
        return True
    return None


def _lines(cell: Cell) -> float:
    return (cell.text_bottom - cell.text_top) / cell.char_height if cell.text_top is not None else 0.0


def _starts_at_top(cell: Cell) -> bool:
    return cell.text_top is not None and cell.text_top <= cell.top + 1.5 * cell.char_height


def _runs_on(up: Cell, low: Cell) -> bool:
    """``up``'s text fills it to the right edge and to the bottom (less than a line left: the next line did
    not fit), and ``low``'s starts at its top."""
    return (bool(up.text) and up.text_bottom is not None and up.text_bottom >= up.bottom - up.char_height - 1
            and up.text_right is not None and up.text_right >= up.x1 - 6 - 2.2 * up.char_height
            and _starts_at_top(low))
