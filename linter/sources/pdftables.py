"""PDF tables by geometry: the cells pdfplumber finds on each page, joined over page breaks into one table.

A table printed over two pages is two fragments; a merged 一级/二级 cell that spans the break is two cells, and
office programs print its text once — Word in the middle of the whole block, which may be on the next page;
LibreOffice in the first fragment, flowing into the next one when it does not fit. Text order alone gives the
rows at the foot of the first page the level of the block above them. Here:

* page furniture is not text: page numbers (``第 1 页 共 2 页``, ``- 1 -``) and running headers and footers
  (the same small line in the margin of every page);
* a fragment at the top of a page continues the table at the foot of the page before when their outer edges
  line up and nothing lies between them but furniture or a merged cell's text Calc printed outside the
  table; its leading rows that repeat an earlier row without digits (a repeated header row) are dropped;
* text printed across a page break goes back to the cell it belongs to (``pdfbreaks``): a merged cell's,
  whichever page its text is printed on, and a row's broken over the break;
* the joined table is gridded by its cells' edges: every cell's text goes to its top-left grid position,
  as the same form written as tab text has it (the reader fills the levels down).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .pdfbreaks import settle, squashed
from .textmap import Builder, cell_text

_TOL = 2.0          # points: edges closer than this are the same edge
_PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
                          r"|-\s*\d{1,4}\s*-|—\s*\d{1,4}\s*—|\d{1,4}\s*/\s*\d{1,4}|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?)\s*$",
                          re.I)
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_MARGIN = 0.08       # share of the page height at the top and bottom where a bare number is a page number


@dataclass(slots=True)
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    text_top: float | None = None       # the extent of its characters
    text_bottom: float | None = None
    text_right: float | None = None     # where its last line ends
    char_height: float = 10.0
    page: int = 0
    row: int = 0                        # grid position, set when the table is gridded
    col: int = 0
    rows: int = 1
    cols: int = 1
    bound: bool = False                 # its text was joined to the cell above it over a page break


@dataclass
class Fragment:
    """A table as found on one page."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Line:
    page: int
    top: float
    text: str
    height: float = 0.0     # the page's height, to tell margins
    size: float = 0.0       # the line's character height, and the page's usual one (0: not known)
    usual: float = 0.0
    chars: tuple[tuple[float, float, str], ...] = ()    # (x0, x1, text) of its characters


Item = Fragment | Line


def is_page_number(line: Line) -> bool:
    """A page number or page count printed in the header or footer."""
    if _PAGE_NUMBER.match(line.text):
        return True
    return bool(line.height and _BARE_NUMBER.match(line.text) and _in_margin(line))


def _in_margin(line: Line) -> bool:
    return not (_MARGIN * line.height < line.top < (1 - _MARGIN) * line.height)


def running_lines(pages: list[list[Item]]) -> set[int]:
    """Page headers and footers: a line on every page (two or more), the same text (digits aside) at the
    same height, in the page's margin and no larger than the page's usual text — a form's title, larger and
    in the body, is never one, even when every page starts with it."""
    pages = [p for p in pages if p]
    if len(pages) < 2:
        return set()
    seen: dict[tuple[str, int], list[Line]] = {}
    for page in pages:
        for line in (it for it in page if isinstance(it, Line)):
            if line.size and _in_margin(line) and line.size <= line.usual + 0.5:
                seen.setdefault((re.sub(r"\d+", "#", squashed(line.text)), round(line.top)), []).append(line)
    return {id(line) for lines in seen.values() if len(lines) == len(pages) for line in lines}


def write(pages: list[list[Item]], builder: Builder) -> None:
    """The pages' items in reading order; a table going on over a page break as one table."""
    running = running_lines(pages)
    items = [it for page in pages for it in page
             if not (isinstance(it, Line) and (is_page_number(it) or id(it) in running))]
    numbers: dict[int, int] = {}            # page -> lines written for it so far

    def loc(page: int) -> tuple:
        numbers[page] = numbers.get(page, 0) + 1
        return ("page", page, numbers[page])

    tables, absorbed = _join(items)
    previous_page = None
    for item in items:
        if isinstance(item, Line):
            if id(item) in absorbed:
                continue
            if item.page != previous_page:
                builder.blank()
            builder.row([item.text], loc(item.page))
            previous_page = item.page
        elif id(item) in tables:
            if item.page != previous_page:
                builder.blank()
            for cells, page in _rows(tables[id(item)]):
                builder.row(cells, loc(page))
                previous_page = page


def _join(items: list[Item]) -> tuple[dict[int, list[Fragment]], set[int]]:
    """The tables by their first fragment, and the lines they absorbed.

    A fragment at the head of a page joins the one at the foot of the page before when their outer edges
    line up and the only lines between them are a merged cell's text printed outside its box (Calc prints
    a merged cell's text at the middle of the whole range, on each page, even beyond the table's edge;
    Word centres it on the break when that is the block's middle); its repeated header rows go."""
    tables: dict[int, list[Fragment]] = {}
    absorbed: set[int] = set()
    table: list[Fragment] | None = None
    between: list[Line] = []
    for item in items:
        if isinstance(item, Line):
            between.append(item)
            continue
        last = table[-1] if table else None
        if (last is not None and item.page == last.page + 1 and abs(item.x0 - last.x0) < 3 * _TOL
                and abs(item.x1 - last.x1) < 3 * _TOL):
            header = _repeated_header(item, table)
            if _absorb(between, last, item, header):
                item.cells = [c for c in item.cells if c.top > header - _TOL]
                item.top = min((c.top for c in item.cells), default=item.top)
                absorbed.update(id(line) for line in between)
                table.append(item)
                between = []
                continue
        table = [item]
        tables[id(item)] = table
        between = []
    return tables, absorbed


def _absorb(lines: list[Line], upper: Fragment, lower: Fragment, header: float) -> bool:
    """Whether every line between two fragments is a merged cell's text printed outside the table: each
    of its words, in the column of a cell at the break (the foot of ``upper`` or the head of ``lower``), is
    that cell's text printed again (Calc), or the text of that empty cell printed across the table's edge
    (a block cut in the middle, its text centred on the break). The texts of the second kind go into their
    cells."""
    foot = [c for c in upper.cells if c.bottom >= upper.bottom - _TOL]
    head = [c for c in lower.cells if header - _TOL < c.top <= _first_top(lower, header) + _TOL]
    given: list[tuple[Cell, str, Line]] = []
    for line in lines:
        below = line.page == upper.page
        edge, gap = (foot, line.top - upper.bottom) if below else (head, _first_top(lower, header) - line.top
                                                                     - line.size)
        for x, text in _words(line):
            if any(c.x0 <= x <= c.x1 and c.text and squashed(c.text) == squashed(text) for c in foot + head):
                continue                                                  # printed again
            cell = next((c for c in edge if c.x0 <= x <= c.x1), None)
            if cell is None or cell.text or gap > 1.5 * max(line.size, 1.0):
                return False
            given.append((cell, text, line))
    for cell, text, line in given:
        cell.text = (cell.text + "\n" + text) if cell.text else text
        cell.text_top, cell.text_bottom = line.top, line.top + line.size
    return True


def _first_top(frag: Fragment, header: float) -> float:
    return min((c.top for c in frag.cells if c.top > header - _TOL), default=frag.top)


def _words(line: Line) -> list[tuple[float, str]]:
    """The line's runs of characters as (centre x, text), a run ending at a gap wider than a character."""
    out: list[tuple[float, str]] = []
    run: list[tuple[float, float, str]] = []
    for x0, x1, ch in line.chars:
        if run and x0 - run[-1][1] > max(run[-1][1] - run[-1][0], 1.0):
            out.append(((run[0][0] + run[-1][1]) / 2, "".join(c for _, _, c in run).strip()))
            run = []
        run.append((x0, x1, ch))
    if run:
        out.append(((run[0][0] + run[-1][1]) / 2, "".join(c for _, _, c in run).strip()))
    return [(x, t) for x, t in out if t]


def _rows(fragments: list[Fragment]) -> list[tuple[list[str], int]]:
    """The joined table's rows: each cell's text at its top-left grid position, with the row's page."""
    cells = _stack(fragments)
    if not cells:
        return []
    xs = _edges([c.x0 for c in cells])
    ys = _edges([c.top for c in cells])
    for c in cells:
        c.col, c.row = _index(xs, c.x0), _index(ys, c.top)
        c.cols = max(1, bisect.bisect_left(xs, c.x1 - _TOL) - c.col)
        c.rows = max(1, bisect.bisect_left(ys, c.bottom - _TOL) - c.row)
    settle(fragments)
    grid = [[""] * len(xs) for _ in ys]
    pages = [fragments[0].page] * len(ys)
    for c in cells:
        pages[c.row] = c.page
        if c.text and not grid[c.row][c.col]:
            grid[c.row][c.col] = cell_text(c.text)
    return [(row, page) for row, page in zip(grid, pages) if any(row)]


def _stack(fragments: list[Fragment]) -> list[Cell]:
    """The fragments' cells in one coordinate system, each fragment placed right under the one before."""
    out: list[Cell] = []
    offset = 0.0
    for frag in fragments:
        shift = offset - frag.top
        for c in frag.cells:
            c.top += shift
            c.bottom += shift
            if c.text_top is not None:
                c.text_top += shift
                c.text_bottom += shift
            out.append(c)
        frag.top, frag.bottom = frag.top + shift, frag.bottom + shift
        offset = frag.bottom
    return out


def _repeated_header(frag: Fragment, table: list[Fragment]) -> float:
    """Where the leading rows of ``frag`` that repeat a row of the table so far (and hold no digit: header
    rows, not data) end; -inf when there are none."""
    seen = {sig for f in table for sig in _row_signatures(f).values() if not re.search(r"\d", sig)}
    rows = _row_signatures(frag)
    last = None
    for top in sorted(rows):
        if rows[top] not in seen:
            break
        last = top
    if last is None:
        return float("-inf")
    return max(c.bottom for c in frag.cells if c.top <= last + _TOL)


def _row_signatures(frag: Fragment) -> dict[float, str]:
    """A fragment's rows by their top edge, each as the texts of the cells starting on it."""
    rows: dict[float, list[Cell]] = {}
    for top in _edges([c.top for c in frag.cells]):
        rows[top] = []
    edges = sorted(rows)
    for c in frag.cells:
        rows[edges[_index(edges, c.top)]].append(c)
    return {top: "|".join(re.sub(r"\s+", "", c.text) for c in sorted(cs, key=lambda c: c.x0))
            for top, cs in rows.items()}


def _edges(values: list[float]) -> list[float]:
    """Distinct edges: values closer than the tolerance are one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    return max(0, bisect.bisect_right(edges, value + _TOL) - 1)
