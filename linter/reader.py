"""The reader: text into typed Forms, whatever separators extraction left.

text → lines → cells (``cells``) → tokens (``tokens``) → forms: the file's token rows are cut into forms at
their titles, each form into its head (``head``) and its indicator table (``table``), and the reader says
how sure it is (read quality, doubts) so that rules never accuse on a misreading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import runon
from .cells import Cell, Sep, split_line, split_lines
from .column_order import ColumnOrderReader
from .decode import decode
from .errors import FileError, InputError
from .head import HeadReader
from .model import Doubt, FileResult, Form, Part, ReadQuality, SelfEval, Span, Uncertainty
from .table import TableReader, TableResult, TRow, is_phantom
from .tokens import Kind, Token, is_item_list, lexeme, tokenize
from .vocab import LISTING_COLUMNS, is_noise, year_in

# a row longer than this is not form content (a table cell is never this long)
MAX_LINE = 100_000
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*\d{1,4}\s*-|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
_TABLE_COLUMNS = frozenset({"level1", "level2", "name"})
# read quality below this holds the accusing rules back on the table
QUALITY_THRESHOLD = 0.75
# a numbered heading: （一） 一、 1、
_HEADING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
# where a listing's goal cell breaks: before a 【block】, after an item's ；
_ITEM_BREAK = re.compile(r"【|[；;]")
# a file whose lines mostly follow a blank line has its cells one a paragraph
_PARAGRAPHS = 0.8


def read_path(path: str, limits=None, lang: str = "zh") -> FileResult:
    """Read a file; problems reading it become the result's errors (in ``lang``), never exceptions."""
    from .sources import load
    source = load(path, limits)
    result = FileResult(path, source.encoding, [], source.error_dicts(lang))
    read = [read_text(part, path, source.encoding, lang) for part in source.parts()]   # each Excel sheet alone
    for part in [r for r in read if r.forms] or read[:1]:
        for form in part.forms:
            form.index = len(result.forms)
            result.forms.append(form)
        result.errors += source.locate(part.errors, lang)
    result.source_map = source.map
    return result


def read_bytes(data: bytes, path: str, lang: str = "zh") -> FileResult:
    try:
        text, encoding = decode(data, path)
    except InputError as exc:
        return FileResult(path, None, [], [FileError.of(exc).to_dict(lang)])
    return read_text(text, path, encoding, lang)


def _error(key: str, line: int | None, lang: str, **params) -> dict:
    """One of the reader's own errors, its words (``key`` and ``key.hint``) in ``lang``."""
    return FileError.keyed(key, line, **params).to_dict(lang)


def read_text(text: str, path: str, encoding: str = "utf-8", lang: str = "zh") -> FileResult:
    result = FileResult(path, encoding)
    lines = split_lines(text)
    rows = _rows(lines, result.errors, lang)
    chunks = _forms(rows)
    if not chunks:
        result.errors.append(_error("input.no-form", None, lang))
        return result
    for index, chunk in enumerate(chunks):
        # a form runs to the line before the next one (or the end of the file)
        chunk.end = chunks[index + 1].rows[0].line - 1 if index + 1 < len(chunks) else len(lines)
        try:
            form = FormReader(chunk, index, path, lines).read()
        except Exception as exc:  # one unreadable form must not cost the rest of the file
            result.errors.append(_error("input.form-failed", chunk.rows[0].line, lang,
                                        error=f"{type(exc).__name__}: {exc}"))
            continue
        result.forms.append(form)
    return result


def _rows(lines: list[str], errors: list[dict], lang: str = "zh") -> list[TRow]:
    rows: list[TRow] = []
    starts: set[int] = set()     # rows after a blank line: where a paragraph starts
    blank = True
    run_on: list[tuple[int, int, str]] = []     # pieces of text with no separators, one row when joined
    for n, raw in enumerate(lines, 1):
        items = is_item_list(raw)      # a published list of indicators: its items cut it, not run-on reading
        if run_on and (items or not (raw.strip() and _continues_run_on(raw))):
            rows.append(_run_on_row(run_on))
            run_on = []
        if not raw.strip():
            blank = True
            continue
        if blank:
            starts.add(n)
        blank = False
        if len(raw) <= MAX_LINE and not items and (run_on or runon.is_run_on(raw)):
            body = runon.chunk_text(raw.strip())
            run_on.append((n, len(raw) - len(body.lstrip()) - (len(raw) - len(raw.rstrip())) + 1 if body else 1,
                           body))
            continue
        if len(raw) > MAX_LINE:
            errors.append(_error("input.long-line", n, lang, n=len(raw)))
            continue
        if _PAGE_NUMBER.match(raw) or (len(raw) < 200 and is_noise(raw)):
            continue
        line = split_line(raw, n)
        if line is None:
            continue
        if line.is_break or line.empty:
            rows.append(TRow(n, [], line.sep, line.is_break, empty=line.empty))
            continue
        toks = tokenize(line.cells)
        if toks:
            rows.append(TRow(n, toks, line.sep, closed=raw.rstrip().endswith("|")))
    if run_on:
        rows.append(_run_on_row(run_on))
    if _cell_lines(rows):
        return _rows_of_cell_lines(rows)
    return _join_paragraphs(rows, starts) if len(starts) >= _PARAGRAPHS * len(rows) else rows


def _cell_lines(rows: list[TRow]) -> bool:
    """An HTML table flattened one cell a line: cells closing with a pipe, rows between lines of pipes."""
    breaks = sum(r.is_break for r in rows)
    cells = [r for r in rows if r.tokens]
    return breaks >= 3 and bool(cells) and sum(r.sep is Sep.ONE and r.closed for r in cells) >= 0.6 * len(cells)


def _rows_of_cell_lines(rows: list[TRow]) -> list[TRow]:
    """The rows of a flattened table back: the cells between two lines of pipes, empty cells counted, each
    at its column; a cell cut at a line's end (no closing pipe) joined with the rest on the next line."""
    out: list[TRow] = []
    group: list[TRow] = []

    def close() -> None:
        if any(r.tokens for r in group):
            toks: list[Token] = []
            col, cut = 0, False
            for r in group:
                if cut and r.tokens and toks:
                    a, b = toks[-1].cell, r.tokens[0].cell
                    cell = Cell(a.text + b.text, a.raw + b.raw, a.line, a.col, a.idx)
                    toks[-1:] = tokenize([cell])
                    rest = r.tokens[1:]
                else:
                    rest = r.tokens
                    if not (cut and r.tokens):
                        col += 1
                for t in rest:
                    t.cell.idx = col - 1
                toks.extend(rest)
                cut = bool(r.tokens) and not r.closed
            out.append(TRow(group[0].line, toks, Sep.PIPE, closed=True))
        group.clear()

    for r in rows:
        if r.is_break or r.sep is not Sep.ONE and r.tokens or _is_title(r):
            close()      # a row break, a row of its own kind (a batch of several layouts), a form's title
            (group if r.sep is Sep.ONE and _is_title(r) else out).append(r)
        else:
            group.append(r)
    close()
    return out


def _is_title(row: TRow) -> bool:
    return bool(row.tokens) and row.tokens[0].lex.kind is Kind.TITLE


def _continues_run_on(raw: str) -> bool:
    """The next numbered chunk of a document preview (``2、指标…``), or more run-on text."""
    return bool(runon.chunk_text(raw) != raw and len(raw) >= 20) or runon.is_run_on(raw)


def _run_on_row(pieces: list[tuple[int, int, str]]) -> TRow:
    return TRow(pieces[0][0], tokenize(runon.cells(pieces)), Sep.SPACE)


def _join_paragraphs(rows: list[TRow], starts: set[int]) -> list[TRow]:
    """Cells one a paragraph, blank lines between (a document preview): the lines of one paragraph are one
    cell (``年度`` over ``指标值`` is the column 年度指标值), unless a line holds a value or a level."""
    out: list[TRow] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and row.line not in starts and _joinable(prev, row):
            a, b = prev.tokens[0].cell, row.tokens[0].cell
            cell = Cell(a.text + b.text, a.raw + b.raw, a.line, a.col, a.idx)
            prev.tokens = tokenize([cell])
            continue
        out.append(row)
    return out


_PLAIN = (Kind.TEXT, Kind.LABEL)


def _joinable(a: TRow, b: TRow) -> bool:
    if a.sep is not Sep.ONE or b.sep is not Sep.ONE or len(a.tokens) != 1 or len(b.tokens) != 1:
        return False
    x, y = a.tokens[0].lex, b.tokens[0].lex
    first, second = a.tokens[0].cell.text, b.tokens[0].cell.text
    joined = lexeme(first + second)
    if joined.is_level or joined.kind is Kind.LABEL:     # a header, label or level cell wrapped: 年度 / 指标值
        return x.kind in _PLAIN + (Kind.LEVEL,) and y.kind in _PLAIN + (Kind.LEVEL,)
    # a name wrapped: two pieces of text, short enough to be one cell (prose goes on as it is)
    return x.kind is Kind.TEXT and y.kind is Kind.TEXT and len(first) + len(second) <= 40 \
        and not any(p in first + second for p in "，,。；;")


# --- forms in a file ---------------------------------------------------------------------------------

@dataclass
class Chunk:
    rows: list[TRow]
    kind: str | None
    end: int = 0
    # the numbered heading the form starts at, which names its project: （一）森林防火能力建设
    heading: Token | None = None


def _forms(rows: list[TRow]) -> list[Chunk]:
    """The file's rows cut into forms: a listing's rows, else at titles, else at each 项目名称 (or a numbered
    heading over a form's labels), else one form with a table."""
    listed = _listing(rows)
    if listed:
        return listed
    rows = _split_at_titles(rows)
    starts = [i for i, r in enumerate(rows) if r.tokens and r.tokens[0].lex.kind is Kind.TITLE]
    if starts:
        chunks = [Chunk(rows[a:b], rows[a].tokens[0].lex.title) for a, b in zip(starts, starts[1:] + [len(rows)])]
        # a title with nothing of a form under it (a page's heading, a link to another form) is no form
        real = [c for c in chunks if _has_form(c)]
        if real:
            return _join_continuations(real)
    names = [i for i, r in enumerate(rows) if any(t.lex.field == "project" for t in r.tokens[:1])
             or _heading_over_labels(rows, i)]
    if names:
        chunks = [Chunk(rows[a:b], None, heading=_heading_of(rows[a])) for a, b in zip(names, names[1:] + [len(rows)])]
        chunks[0].rows = rows[:names[0]] + chunks[0].rows
        return chunks
    if any(t.lex.column in _TABLE_COLUMNS or t.lex.is_level for r in rows for t in r.tokens):
        return [Chunk(rows, None)]
    return []


def _heading_of(row: TRow) -> Token | None:
    tok = row.tokens[0] if len(row.tokens) == 1 else None
    return tok if tok is not None and tok.lex.kind is Kind.TEXT and _HEADING.match(tok.cell.text) else None


def _heading_over_labels(rows: list[TRow], i: int) -> bool:
    """A numbered heading naming a project, the form's labels under it: （一）森林防火能力建设 / 项目单位：…"""
    row = rows[i]
    if len(row.tokens) != 1 or not _HEADING.match(row.tokens[0].cell.text) or row.tokens[0].lex.kind is not Kind.TEXT:
        return False
    below = [t for r in rows[i + 1:i + 4] for t in r.tokens[:1]]
    return sum(1 for t in below if t.lex.field) >= 2


def _listing(rows: list[TRow]) -> list[Chunk]:
    """A page listing projects one a row (单位名称 | 项目名称 | 年度预算安排 | 绩效目标): a form each row,
    its cells under their column's label; the 绩效目标 cell is a goal and its 【一级-二级】 indicators."""
    for i, row in enumerate(rows):
        heads = [t for t in row.tokens if t.lex.key in LISTING_COLUMNS]
        roles = {LISTING_COLUMNS[t.lex.key] for t in heads}
        if len(heads) >= 3 and {"project", "goals"} <= roles and len(heads) == len(row.tokens):
            break
    else:
        return []
    by_idx = {t.cell.idx: t for t in heads}
    chunks = []
    for body in rows[i + 1:]:
        if not body.is_row or len(body.tokens) < len(heads) - 2:
            break
        form_rows = [TRow(row.line, [by_idx[t.cell.idx]] + _listing_cell(t), Sep.TAB)
                     for t in body.tokens if t.cell.idx in by_idx and LISTING_COLUMNS[by_idx[t.cell.idx].lex.key] != "skip"]
        goal_rows = [r for r in form_rows if r.tokens[0].lex.key in LISTING_COLUMNS
                     and LISTING_COLUMNS[r.tokens[0].lex.key] == "goals"]
        form_rows = [r for r in form_rows if r not in goal_rows]
        for g in goal_rows:
            form_rows.extend(TRow(t.line, [t], Sep.ONE) if not isinstance(t, TRow) else t for t in g.tokens[1:])
        # the page's lines above the listing (its title, 单位：万元) belong to every form of it
        chunks.append(Chunk(rows[:i] + _regroup(form_rows), None, body.line))
    return chunks


def _listing_cell(tok: Token) -> list:
    """A listing's cell; its 绩效目标 cell cut at its 【…】 blocks and 指标 items into rows of their own."""
    if "【" not in tok.cell.text:
        return [tok]
    text, out, start = tok.cell.text, [], 0
    for m in _ITEM_BREAK.finditer(text):
        if m.start() > start:
            out.append(TRow(tok.line, tokenize([tok.cell.part(start, m.start())]), Sep.ONE))
        start = m.start() if m.group(0) == "【" else m.end()
    if start < len(text):
        out.append(TRow(tok.line, tokenize([tok.cell.part(start)]), Sep.ONE))
    return [r for r in out if r.tokens]


def _regroup(rows: list) -> list[TRow]:
    """Rows whose tokens include rows of their own (a listing's goal cell), flattened in order."""
    out: list[TRow] = []
    for r in rows:
        if isinstance(r, TRow) and any(isinstance(t, TRow) for t in r.tokens):
            plain = [t for t in r.tokens if not isinstance(t, TRow)]
            if plain:
                out.append(r.part(plain))
            out.extend(t for t in r.tokens if isinstance(t, TRow))
        else:
            out.append(r)
    return out


def _has_form(chunk: Chunk) -> bool:
    """Whether a chunk holds a form: a header field, a goal or an indicator table under its title."""
    return any(t.lex.kind is Kind.LABEL and (t.lex.field or t.lex.goal or t.lex.column) or t.lex.is_level
               for r in chunk.rows for t in r.tokens)


def _split_at_titles(rows: list[TRow]) -> list[TRow]:
    """A title in the middle of a row (a whole form on one line) starts a row of its own."""
    out: list[TRow] = []
    for row in rows:
        cut = [i for i, t in enumerate(row.tokens) if t.lex.kind is Kind.TITLE and i > 0]
        if not cut:
            out.append(row)
            continue
        # a title's own words before it stay with it: 秭归县2025年度 | 项目支出绩效目标表
        cut = [c for c in (i - 1 if year_in(row.tokens[i - 1].text) else i for i in cut) if c > 0]
        if not cut:
            out.append(row)
            continue
        for a, b in zip([0] + cut, cut + [len(row.tokens)]):
            out.append(row.part(row.tokens[a:b], closed=True if b < len(row.tokens) else None))
    return out


def _join_continuations(chunks: list[Chunk]) -> list[Chunk]:
    """A title repeated at the top of a page over the rest of a table does not start a new form."""
    out: list[Chunk] = []
    for chunk in chunks:
        labels = any(t.lex.field or t.lex.goal for r in chunk.rows for t in r.tokens if t.lex.kind is Kind.LABEL)
        if out and not labels and any(t.lex.is_level or t.lex.column for r in chunk.rows for t in r.tokens):
            out[-1].rows.extend(chunk.rows[1:])
            continue
        out.append(chunk)
    return out


# --- one form ----------------------------------------------------------------------------------------

class FormReader:
    """Reads one chunk of rows as a Form."""

    def __init__(self, chunk: Chunk, index: int, path: str, lines: list[str]):
        self.rows, self.kind_hint, self.index, self.path, self.lines = chunk.rows, chunk.kind, index, path, lines
        self.end = chunk.end or chunk.rows[-1].line
        self.heading = chunk.heading

    def read(self) -> Form:
        rows = self.rows
        kind = self.kind_hint or ("self_eval" if _looks_self_eval(rows) else "target")
        first, last = rows[0].line, self.end
        form = Form(index=self.index, kind=kind, line=first, end_line=last, path=self.path)
        form.source = {n: self.lines[n - 1] for n in range(first, last + 1)
                       if self.lines[n - 1].strip() and len(self.lines[n - 1]) <= MAX_LINE}
        head, table = _split_head(rows)
        scale = 1e4 if kind == "self_eval" else 1.0
        HeadReader(form, head, scale, self.heading).read()
        if table:
            form.locations["indicators"] = Span(table[0].line, table[0].tokens[0].cell.col if table[0].tokens else 1)
            self._table(form, table)
        _finish(form)
        return form

    def _table(self, form: Form, rows: list[TRow]) -> None:
        res = TableReader(form.kind, rows, form.year).read()
        if form.kind == "target" and _column_order(rows, res):
            table = [r for r in rows if not res.end_line or r.line < res.end_line]
            res = _read_column_order(table, res)
        form.indicators = res.indicators
        # the layout's own doubt comes first, before what the head was unsure of
        first = [u for u in res.uncertainties if u.code == "column-order"]
        form.uncertainties[:0] = first
        form.uncertainties.extend(u for u in res.uncertainties if u.code != "column-order")
        form.empty_groups = res.empty_groups
        form.template, form.layout, form.quality = res.template, res.layout, res.quality
        _totals(form, res)
        score = res.quality.score
        if res.indicators and score < QUALITY_THRESHOLD:
            reason = (f"{res.quality.cells - res.quality.placed} of {res.quality.cells} cells of the table could "
                      f"not be placed; {res.quality.phantoms} rows refused")
            form.doubts.append(Doubt(Part.TABLE, res.first_line, res.last_line, reason))
            form.uncertainties.insert(0, Uncertainty("unreliable-read", res.first_line, 1, reason,
                                                     list(range(res.first_line, res.last_line + 1))))


def _looks_self_eval(rows: list[TRow]) -> bool:
    for row in rows[:80]:
        for t in row.tokens:
            if t.lex.key in ("实际完成值", "年初预算数", "全年执行数", "全年预算数", "完成值", "全年实际值") \
                    or t.lex.budget == "executed":
                return True
    return False


def _split_head(rows: list[TRow]) -> tuple[list[TRow], list[TRow]]:
    """The rows before the indicator table and the table's rows (a row holding both is cut in two)."""
    for i, row in enumerate(rows):
        for j, t in enumerate(row.tokens):
            if t.lex.kind is Kind.LABEL and t.lex.column in _TABLE_COLUMNS and (
                    j == 0 or any(u.lex.column for u in row.tokens[j + 1:j + 6])):
                return _cut(rows, i, j)
    for i, row in enumerate(rows):
        if i > 2 and any(t.lex.is_level for t in row.tokens[:3]):
            return rows[:i], rows[i:]
    return rows, []


def _cut(rows: list[TRow], i: int, j: int) -> tuple[list[TRow], list[TRow]]:
    if j == 0 or all(t.lex.is_level for t in rows[i].tokens[:j]):   # a stray level cell on the header row
        return rows[:i], rows[i:]
    row = rows[i]
    return rows[:i] + [row.part(row.tokens[:j], closed=True)], [row.part(row.tokens[j:])] + rows[i + 1:]


def _column_order(rows: list[TRow], res: TableResult) -> bool:
    """Names and values arrived in separate runs (column-order extraction): cells one a line, with runs
    of three or more names and of three or more values, where a table alternates a name and its value —
    or values the alignment could not place beside names that have none."""
    cells = [r for r in rows if r.tokens]
    if len(cells) < 6 or sum(r.sep is Sep.ONE for r in cells) < 0.6 * len(cells):
        return False
    unplaced = sum(1 for u in res.uncertainties if u.code == "unplaced-value")
    if unplaced and any(i.target is None for i in res.indicators):
        return True
    longest = {Kind.TEXT: 0, Kind.VALUE: 0}
    run_kind, run = None, 0
    for r in cells:
        for t in r.tokens:
            k = Kind.VALUE if t.lex.kind in (Kind.VALUE, Kind.NUMBER) else t.lex.kind
            if k not in longest:
                run_kind, run = None, 0
                continue
            run = run + 1 if k is run_kind else 1
            run_kind = k
            longest[k] = max(longest[k], run)
    return longest[Kind.TEXT] >= 3 and longest[Kind.VALUE] >= 3


def _read_column_order(rows: list[TRow], first: TableResult) -> TableResult:
    """Pair names and values in order, as column-order extraction separates them, and say so."""
    reader = ColumnOrderReader()
    for row in rows:
        if row.tokens:
            reader.feed(row.tokens)
    reader.finish()
    lv = reader.levels
    template = lv.template(None) if (lv.shanghai or lv.cost_as_level1 or lv.cost_under_output) else first.template
    res = TableResult(reader.indicators, list(reader.uncertainties), [], first.quality,
                      first.totals, template, "column-order", first.first_line, first.last_line)
    kept = [i for i in res.indicators if not is_phantom(i.name)]     # never an indicator named "|" or 三级指标
    q = res.quality = ReadQuality(cells=first.quality.cells, phantoms=len(res.indicators) - len(kept))
    res.indicators = kept
    q.placed = q.cells - len([u for u in res.uncertainties if u.code == "unplaced-value"])
    q.rows, q.missing_values = len(kept), sum(1 for i in kept if i.target is None)
    if reader.max_queue >= 2:
        res.uncertainties.insert(0, Uncertainty(
            "column-order", first.first_line, 1,
            "names and values arrive in separate runs (column-order extraction); they were paired in order",
            sorted({r.line for r in rows})))
    else:
        res.layout = "cell-per-line"
    return res


def _totals(form: Form, res: TableResult) -> None:
    t = res.totals
    if t.total_span is None and t.grade_span is None and t.budget_weight is None:
        return
    se = form.self_eval = form.self_eval or SelfEval()
    se.budget_weight = se.budget_weight if se.budget_weight is not None else t.budget_weight
    se.budget_score = se.budget_score if se.budget_score is not None else t.budget_score
    se.total_weight = t.total_weight if t.total_weight is not None else se.total_weight
    se.total_score = t.total_score if t.total_score is not None else se.total_score
    se.grade = t.grade or se.grade
    if t.total_span:
        form.locations.setdefault("self_eval.total", t.total_span)
    if t.grade_span:
        form.locations.setdefault("self_eval.grade", t.grade_span)


def _finish(form: Form) -> None:
    if form.year is None and form.start_date:
        form.year = int(form.start_date[:4])
    if not form.indicators:
        form.uncertainties.append(Uncertainty("no-indicators", form.line, 1, "no indicator row was found in this form"))
    penalty = {"column-order": 0.35, "guessed-level": 0.1, "guessed-header": 0.1, "unplaced-value": 0.05,
               "unplaced-name": 0.05, "goals-unseparated": 0.05, "no-indicators": 0.5, "unreliable-read": 0.3}
    conf = 1.0 - sum(penalty.get(u.code, 0.05) for u in form.uncertainties)
    if form.layout == "cell-per-line":
        conf -= 0.05
    form.confidence = max(0.05, min(1.0, conf))
