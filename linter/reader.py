"""The reader: file bytes into typed Forms, whatever layout PDF extraction produced."""
from __future__ import annotations

import re
from functools import lru_cache

from .cells import Row, display, split_lines, split_row
from .decode import decode
from .errors import InputError
from .model import FUND_KEYS, FileResult, Form, SelfEval, Span, Uncertainty
from .table import TableReader, classify, to_number
from .taxonomy import squash
from .vocab import (BUDGET_HEADERS, COLUMN_HEADERS, FIELD_LABELS, GOAL_LABELS, GRADE_LABELS, GRADES,
                    IGNORED_LABELS, PROSE_LABELS, TOTAL_LABELS, BLOCK_CHARS, BLOCK_LABELS, is_period,
                    label_key, money_scale, parse_date, parse_money, strip_period, title_kind, year_in)

# a row longer than this is not form content (a table cell is never this long)
MAX_LINE = 100_000
_ORG = re.compile(r"^[^\d；;，,。]{2,40}(中心|局|委员会|委|办公室|办|政府|管委会|院|所|处|站|队|馆|部|会|学校|学院|街道|镇|公司|集团|本部\))$")
# the values of 项目类别 / 项目性质: 经常性项目, 其他经常性项目, 一次性项目, 新增项目, 特定目标类, 经常性专项业务费 …
_TYPE = re.compile(r"^(?:其他)?(?:经常性|一次性|新增|延续|延续性|持续性|跨年度|当年)(?:项目|专项业务费|专项)?$"
                   r"|^.{0,4}(?:运转类|目标类|发展类|保障类)$")
_GLUED_DATE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(\D.*)$")
_YEAR_LINE = re.compile(r"^[（(]?\s*20\d\d\s*年度?\s*[)）]?$")
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*\d{1,4}\s*-|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$")
_TABLE_START_KEYS = {k for k, v in COLUMN_HEADERS.items() if v in ("level1", "level2", "name")}


def read_path(path: str, limits=None) -> FileResult:
    """Read a file; problems reading it become the result's errors, never exceptions."""
    from .sources import load
    source = load(path, limits)
    result = FileResult(path, source.encoding, [], source.error_dicts())
    read = [read_text(part, path, source.encoding) for part in source.parts()]   # each Excel sheet alone
    for part in [r for r in read if r.forms] or read[:1]:
        for form in part.forms:
            form.index = len(result.forms)
            result.forms.append(form)
        result.errors += source.locate(part.errors)
    result.source_map = source.map
    return result


def read_bytes(data: bytes, path: str) -> FileResult:
    try:
        text, encoding = decode(data, path)
    except InputError as exc:
        return FileResult(path, None, [], [_err(exc)])
    return read_text(text, path, encoding)


def read_text(text: str, path: str, encoding: str = "utf-8") -> FileResult:
    result = FileResult(path, encoding)
    lines = split_lines(text)
    starts = _form_starts(lines)
    if not starts:
        result.errors.append({"line": None, "message": "no performance form found (no 绩效目标申报表/绩效自评表 title, "
                              "no 项目名称, no indicator table)",
                              "hint": "perflint reads the text of 财政项目支出绩效目标申报表 and 绩效自评表"})
        return result
    for index, (start, kind) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        try:
            form = FormReader(lines, start, end, index, kind, path, result.errors).read()
        except Exception as exc:  # one unreadable form must not cost the rest of the file
            result.errors.append({"line": start + 1, "message": f"could not read this form "
                                  f"({type(exc).__name__}: {exc})", "hint": "please report this input"})
            continue
        result.forms.append(form)
    return result


def _err(exc: InputError) -> dict:
    return {"line": exc.line, "message": exc.message, "hint": exc.hint}


def _form_starts(lines: list[str]) -> list[tuple[int, str | None]]:
    """0-based first lines of the forms: their titles, else each 项目名称, else nothing."""
    starts = []
    for i, raw in enumerate(lines):
        if len(raw) > 200 or "表" not in raw:
            continue
        kind = title_kind(raw)
        if kind:
            starts.append((i, kind))
    if starts:
        return starts
    names = [i for i, raw in enumerate(lines) if len(raw) < 2000 and squash(raw).startswith("项目名称")]
    if names:
        return [(0 if n == 0 else i, None) for n, i in enumerate(names)]
    if any(len(raw) < 2000 and ("三级指标" in squash(raw) or "指标值" in squash(raw)) for raw in lines):
        return [(0, None)]
    return []


class FormReader:
    """Reads the lines [start, end) of a file as one form."""

    def __init__(self, lines: list[str], start: int, end: int, index: int, kind: str | None, path: str,
                 errors: list[dict]):
        self.lines, self.start, self.end, self.index, self.path = lines, start, end, index, path
        self.kind_hint = kind
        self.errors = errors
        self.rows: list[Row] = []
        for n in range(start, end):
            raw = lines[n]
            if len(raw) > MAX_LINE:
                errors.append({"line": n + 1, "message": f"line of {len(raw):,} characters not read as form content",
                               "hint": "split the text into lines"})
                continue
            if _PAGE_NUMBER.match(raw):
                continue
            row = split_row(raw, n + 1)
            if row is not None:
                self.rows.append(row)

    # --- the whole form ----------------------------------------------------------------------------
    def read(self) -> Form:
        rows = self.rows
        kind = self.kind_hint or ("self_eval" if self._looks_self_eval() else "target")
        form = Form(index=self.index, kind=kind, line=self.start + 1, end_line=self.end, path=self.path)
        form.source = {n + 1: self.lines[n] for n in range(self.start, self.end) if self.lines[n].strip()
                       and len(self.lines[n]) <= MAX_LINE}
        self.form = form
        self.scale = 1e4 if kind == "self_eval" else 1.0
        table_at = self._table_start()
        head, table_rows = rows[:table_at], rows[table_at:]
        self._read_head(head)
        self._read_table(table_rows)
        self._finish()
        return form

    def _looks_self_eval(self) -> bool:
        for row in self.rows[:80]:
            keys = {c.key for c in row.cells}
            if keys & {"实际完成值", "年初预算数", "全年执行数"}:
                return True
        return False

    def _table_start(self) -> int:
        for i, row in enumerate(self.rows):
            if any(c.key in _TABLE_START_KEYS for c in row.cells):
                return i
        # no header row: the first row that names an indicator level
        for i, row in enumerate(self.rows):
            if any(classify(c).kind in ("L1", "L2") for c in row.cells[:3]) and i > 2:
                return i
        return len(self.rows)

    # --- header, funds, goals, budget block -----------------------------------------------------------
    def _read_head(self, rows: list[Row]) -> None:
        form = self.form
        goal_cols: list[tuple[int, str]] = []
        capture: str | None = None          # "goals" | "prose" | None
        goal_text: dict[str, list[tuple[int, str]]] = {}
        # goals in running lines: segments of text per goal label; labels seen with no text between them
        # (column-order extraction puts both labels first) share one interleaved segment
        segments: list[tuple[list[str], list[tuple[int, str]]]] = []
        budget_cols: list[str] | None = None
        budget_pending: tuple | None = None   # (row, cells, keys, numbers) of a budget line read cell by cell
        field_pending: tuple | None = None    # a label alone on its line, waiting for its value
        loose: list = []                    # unlabelled cells, for layouts that separate labels and values
        # labels alone on consecutive lines mean labels and values come in separate runs (column order):
        # then a lone label is not followed by its own value
        lone_labels = [len(r.cells) == 1 and r.cells[0].key in FIELD_LABELS for r in rows]
        pair_lone = not any(a and b for a, b in zip(lone_labels, lone_labels[1:]))
        for row in rows:
            if form.year is None:
                y = year_in(row.raw) if ("年度" in row.raw and len(row.raw) < 60) else None
                if y:
                    form.year = y
                    form.locations["year"] = Span(row.line, row.cells[0].col)
            cells = self._unglue(row)
            keys = [c.key for c in cells]
            lone = len(cells) == 1
            # --- the self-evaluation budget block ---
            if budget_pending is not None:
                if lone and (to_number(cells[0].text) is not None or cells[0].text in ("-", "/", "—")):
                    budget_pending[3].append(cells[0])
                    continue
                prow, pcells, pkeys, nums = budget_pending
                self._budget_line(prow, pcells + nums, pkeys, budget_cols or [])
                budget_pending = None
            if sum(k in BUDGET_HEADERS for k in keys) >= 2 or (
                    lone and keys[0] in BUDGET_HEADERS and (budget_cols is not None or keys[0] == "年初预算数")):
                if budget_cols is None or not lone or keys[0] == "年初预算数":
                    budget_cols = []
                budget_cols.extend(BUDGET_HEADERS[k] for k in keys if k in BUDGET_HEADERS)
                scale = next((money_scale(c.text) for c in cells if money_scale(c.text)), None)
                self.scale = scale or self.scale
                form.self_eval = form.self_eval or SelfEval()
                form.self_eval.money_unit = "万元" if self.scale == 1e4 else "元"
                form.kind = "self_eval"
                capture = None
                continue
            if lone and money_scale(cells[0].text) and label_key(cells[0].text) == "项目资金":
                self.scale = money_scale(cells[0].text) or self.scale
                continue
            if budget_cols is not None and keys and (keys[0] in FIELD_LABELS or keys[0] in ("年度资金总额",)) \
                    and not keys[0] in ("项目名称",):
                if lone:
                    budget_pending = (row, cells, keys, [])
                else:
                    self._budget_line(row, cells, keys, budget_cols)
                continue
            # --- goals ---
            goal_keys = [(i, GOAL_LABELS[k]) for i, k in enumerate(keys) if k in GOAL_LABELS]
            if goal_keys and any(k == "预期目标" for k in keys):
                goal_keys = [(i, g) for i, g in goal_keys if keys[i] != "年度总体目标"]
            if goal_keys:
                for i, g in goal_keys:
                    form.locations.setdefault(f"goals.{g}", Span(row.line, cells[i].col))
                capture = "goals"
                if row.kind in ("tab", "pipe") and not lone:
                    goal_cols = [(cells[i].idx, g) for i, g in goal_keys]
                    continue
                labels = [g for _, g in goal_keys]
                if segments and not segments[-1][1]:
                    segments[-1][0].extend(labels)       # no text since the last label: interleaved
                else:
                    segments.append((labels, []))
                tail = [c for c in cells[goal_keys[-1][0] + 1:] if c.key not in GOAL_LABELS]
                if tail:
                    segments[-1][1].append((row.line, " ".join(c.raw for c in tail)))
                continue
            if any(k in PROSE_LABELS for k in keys):
                capture = "prose"
                continue
            # --- header fields ---
            if field_pending is not None:
                frow, fkey = field_pending
                field_pending = None
                if lone and keys[0] not in FIELD_LABELS and not _only_labels(keys[0]) and keys[0] not in IGNORED_LABELS:
                    self._set_field(FIELD_LABELS[fkey], cells[0], row)
                    continue
            if lone and keys[0] in FIELD_LABELS and capture != "goals" and pair_lone:
                field_pending = (row, keys[0])
                continue
            labelled = self._fields(row, cells, keys, loose if capture is None and not title_kind(row.raw) else [])
            if labelled:
                if capture == "prose" or any(k in IGNORED_LABELS for k in keys):
                    capture = None
                continue
            if capture == "goals":
                texts = [c for c in cells if not is_period(c.text) and c.key not in BLOCK_LABELS
                         and not (len(c.text) == 1 and c.text in BLOCK_CHARS)]
                if not texts:
                    continue
                if row.kind in ("tab", "pipe") and goal_cols and not lone:
                    self._assign_goals(texts, goal_cols, goal_text)
                elif row.kind in ("tab", "pipe") and goal_cols and not segments:
                    self._assign_goals(texts, goal_cols, goal_text)
                else:
                    if not segments:
                        segments.append(([g for _, g in goal_cols] or ["total"], []))
                    segments[-1][1].append((row.line, " ".join(c.raw for c in texts)))
        if budget_pending is not None:
            prow, pcells, pkeys, nums = budget_pending
            self._budget_line(prow, pcells + nums, pkeys, budget_cols or [])
        for g, parts in goal_text.items():
            form.goals[g] = "\n".join(display(t) for _, t in parts) or None
            form.locations[f"goals.{g}"] = Span(parts[0][0], 1)
        for labels, parts in segments:
            if parts:
                self._stream_goals(parts, labels)
        if form.project is None and loose:
            self._guess_header(loose)

    def _unglue(self, row: Row) -> list:
        """Split cells such as '2022-12-31计划开始日期' or '项目名称：XX' into label and value cells."""
        from .cells import Cell
        out = []
        for c in row.cells:
            if out and label_key(out[-1].text) == "" and squash(out[-1].text).startswith("其中"):
                prev = out.pop()   # "其中:" split from its label by a space
                c = Cell(prev.text + c.text, prev.raw + " " + c.raw, c.line, prev.col, prev.idx)
            m = _GLUED_DATE.match(c.text)
            if m:
                out.append(Cell(m.group(1), m.group(1), c.line, c.col, c.idx))
                rest = m.group(2)
                out.append(Cell(rest, rest, c.line, c.col + len(m.group(1)), c.idx))
                continue
            if ":" in c.text and len(c.text) < 200:
                head, _, tail = c.text.partition(":")
                hk = label_key(head)
                if tail.strip() and hk != "其中" and (hk in FIELD_LABELS or hk in IGNORED_LABELS or hk in GOAL_LABELS
                                     or hk in PROSE_LABELS):
                    out.append(Cell(head + ":", head + ":", c.line, c.col, c.idx))
                    t = tail.strip()
                    raw_tail = c.raw[c.raw.find(t[:1]) if t[:1] in c.raw else 0:] if t else ""
                    out.append(Cell(t, raw_tail or t, c.line, c.col + len(head) + 1, c.idx))
                    continue
            out.append(c)
        return out

    def _fields(self, row: Row, cells: list, keys: list[str], loose: list) -> bool:
        """Read 'label value' pairs of a header row; returns whether the row held any label."""
        form = self.form
        found = False
        row_scale = next((money_scale(c.text) for c in cells if money_scale(c.text)), None)
        if row_scale:
            self.scale = row_scale
        i = 0
        while i < len(cells):
            key = keys[i]
            field = FIELD_LABELS.get(key)
            if field is None and key in IGNORED_LABELS:
                found = True
                if i + 1 < len(cells) and keys[i + 1] not in FIELD_LABELS and parse_money(cells[i + 1].text) is not None:
                    i += 1
                i += 1
                continue
            if field is None:
                if _only_labels(key):
                    found = True
                else:
                    loose.append(cells[i])
                i += 1
                continue
            found = True
            j = i + 1
            value = None
            if j < len(cells) and keys[j] not in FIELD_LABELS and keys[j] not in IGNORED_LABELS \
                    and not _only_labels(keys[j]):
                value = cells[j]
                i = j
            if value is not None:
                self._set_field(field, value, row)
            else:
                # an empty field is reported where its label stands
                key_name = "project_type" if field == "project_nature" else field
                form.locations.setdefault(key_name, Span(row.line, cells[i].col, row.line, cells[i].end_col))
            i += 1
        return found

    def _set_field(self, field: str, cell, row: Row) -> None:
        form = self.form
        span = Span(row.line, cell.col, row.line, cell.end_col)
        if field.startswith("funds."):
            amount = parse_money(cell.text)
            if amount is None:
                return
            key = field.split(".", 1)[1]
            if form.funds.get(key) is None or key == "other":
                form.funds[key] = round(amount * self.scale, 2)
                form.locations[field] = span
            return
        if field in ("start_date", "end_date"):
            iso = parse_date(cell.text)
            if iso and getattr(form, field) is None:
                setattr(form, field, iso)
                form.locations[field] = span
            return
        text = display(cell.raw)
        if field == "project_nature":
            form.locations.setdefault("project_type", span)
            form.project_type = form.project_type or text
            return
        if field == "project_type":
            form.project_type = text
            form.locations["project_type"] = span
            return
        if getattr(form, field) is None:
            setattr(form, field, text)
            form.locations[field] = span

    def _budget_line(self, row: Row, cells: list, keys: list[str], cols: list[str]) -> None:
        form = self.form
        se = form.self_eval
        nums = [c for c in cells[1:] if to_number(c.text) is not None or c.text in ("-", "/", "—")]
        values = {col: to_number(c.text) for col, c in zip(cols, nums)}
        money = {k: (round(v * self.scale, 2) if v is not None else None)
                 for k, v in values.items() if k in ("initial", "full_year", "executed")}
        key = keys[0]
        if key in ("年度资金总额", "项目资金总额") or FIELD_LABELS.get(key) == "funds.annual":
            se.budget_initial, se.budget_full_year, se.executed = (money.get("initial"), money.get("full_year"),
                                                                   money.get("executed"))
            se.budget_weight, se.exec_rate, se.budget_score = values.get("weight"), values.get("rate"), values.get("score")
            form.funds["annual"] = money.get("full_year")
            form.locations["self_eval.budget"] = Span(row.line, cells[0].col, row.line, cells[-1].end_col)
            form.locations["funds.annual"] = form.locations["self_eval.budget"]
            return
        field = FIELD_LABELS.get(key, "")
        name = field.split(".", 1)[1] if field.startswith("funds.") else key
        se.lines.append({"name": name, "label": display(cells[0].raw), "line": row.line,
                         "initial": money.get("initial"), "full_year": money.get("full_year"),
                         "executed": money.get("executed"), "exec_rate": values.get("rate")})
        if name in FUND_KEYS and money.get("full_year") is not None:
            form.funds[name] = money.get("full_year")
            form.locations[f"funds.{name}"] = Span(row.line, cells[0].col)

    def _assign_goals(self, texts: list, goal_cols: list[tuple[int, str]], out: dict) -> None:
        if len(texts) >= 2 and len(goal_cols) >= 2:
            pairs = list(zip(texts, [g for _, g in goal_cols]))
            for c, g in pairs:
                out.setdefault(g, []).append((c.line, c.raw))
            return
        for c in texts:
            best = min(goal_cols, key=lambda gc: (abs(gc[0] - c.idx), -gc[0]))
            out.setdefault(best[1], []).append((c.line, c.raw))

    def _stream_goals(self, parts: list[tuple[int, str]], goals: list[str]) -> None:
        """Goal text in running lines: with two goal labels, a numbered list ('1、') starts the second."""
        form = self.form
        parts = [(ln, t) for ln, t in ((ln, strip_period(t)) for ln, t in parts) if t]
        if not parts:
            return
        goals = list(dict.fromkeys(goals)) or ["total"]
        if len(goals) == 1:
            form.goals[goals[0]] = display("".join(t for _, t in parts))
            form.locations[f"goals.{goals[0]}"] = Span(parts[0][0], 1)
            return
        first, second = goals[0], goals[1]
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
        for g, chunk in ((first, a), (second, b)):
            if chunk:
                form.goals[g] = display("".join(t for _, t in chunk))
                form.locations[f"goals.{g}"] = Span(chunk[0][0], 1)
        self.form.uncertainties.append(Uncertainty(
            "goals-unseparated", parts[0][0], 1,
            "the two goals arrive interleaved; they were split where a numbered list begins",
            sorted({ln for ln, _ in parts})))

    def _guess_header(self, loose: list) -> None:
        """Labels and values in separate runs (column-order extraction): match values by their type."""
        form = self.form
        texts, orgs, kinds, dates, money = [], [], [], [], []
        for c in loose:
            t = c.text
            if is_period(t) or _YEAR_LINE.match(t) or (len(t) == 1 and t in BLOCK_CHARS) or t in ("-", "/"):
                continue
            if parse_date(t):
                dates.append((c, parse_date(t)))
            elif parse_money(t) is not None:
                money.append((c, parse_money(t)))
            elif _ORG.search(t):
                orgs.append(c)
            elif _TYPE.search(t):
                kinds.append(c)
            else:
                if texts and texts[-1].text.endswith(("、", "，", ",")):
                    prev = texts.pop()
                    from .cells import Cell
                    texts.append(Cell(prev.text + t, prev.raw + c.raw, prev.line, prev.col, prev.idx))
                else:
                    texts.append(c)
        guessed = []
        if texts:
            self._set_field("project", texts[0], Row(texts[0].line, [], "single", ""))
            guessed.append("项目名称")
        if orgs and form.department is None:
            self._set_field("department", orgs[0], Row(orgs[0].line, [], "single", ""))
            guessed.append("主管部门")
        if orgs and form.implementer is None:
            self._set_field("implementer", orgs[-1], Row(orgs[-1].line, [], "single", ""))
        if kinds and form.project_type is None:
            self._set_field("project_type", kinds[0], Row(kinds[0].line, [], "single", ""))
        if dates:
            ordered = sorted(dates, key=lambda d: d[1])
            if form.start_date is None:
                self._set_field("start_date", ordered[0][0], Row(ordered[0][0].line, [], "single", ""))
            if form.end_date is None:
                self._set_field("end_date", ordered[-1][0], Row(ordered[-1][0].line, [], "single", ""))
        for key, (c, _) in zip(("total", "annual", "appropriation"), money):
            if form.funds.get(key) is None:
                self._set_field(f"funds.{key}", c, Row(c.line, [], "single", ""))
                guessed.append(key)
        if guessed:
            form.uncertainties.append(Uncertainty(
                "guessed-header", form.line, 1,
                "labels and values of the header arrive in separate runs; matched by their kind: "
                + ", ".join(guessed), sorted({c.line for c in loose})))

    # --- indicator table ---------------------------------------------------------------------------------
    def _read_table(self, rows: list[Row]) -> None:
        form = self.form
        if not rows:
            return
        form.locations["indicators"] = Span(rows[0].line, rows[0].cells[0].col)
        body = [r for r in rows if r.cells[0].key not in TOTAL_LABELS | GRADE_LABELS]
        singles = sum(r.kind == "single" for r in body)
        stream = len(body) >= 6 and singles / len(body) >= 0.6 and not any(r.kind == "tab" for r in body[:20])
        table = TableReader(form.kind, stream=stream)
        pending: str | None = None
        for row in rows:
            key = row.cells[0].key
            if key in TOTAL_LABELS:
                self._total(row, row.cells[1:])
                pending = "total" if len(row.cells) == 1 else None
                continue
            if key in GRADE_LABELS:
                grade = next((c.text for c in row.cells[1:] if c.text in GRADES), None)
                self._grade(row, grade)
                pending = "grade" if grade is None else None
                continue
            if pending == "total" and all(to_number(c.text) is not None for c in row.cells):
                self._total(row, row.cells, append=True)
                continue
            if pending == "grade" and row.cells[0].text in GRADES:
                self._grade(row, row.cells[0].text)
                pending = None
                continue
            pending = None
            table.feed(row)
        table.finish()
        form.indicators = table.indicators
        form.uncertainties.extend(table.uncertainties)
        form.empty_groups = table.empty_groups
        kinds = [r.kind for r in body]
        if stream:
            form.layout = "column-order" if table.max_queue >= 2 else "cell-per-line"
        else:
            form.layout = max(("tab", "pipe", "space"), key=lambda k: kinds.count(k) + (0.5 if k == "space" else 0) * kinds.count("single"))
        if form.layout == "column-order":
            lines = sorted({r.line for r in rows})
            form.uncertainties.insert(0, Uncertainty(
                "column-order", rows[0].line, 1,
                "names and values arrive in separate runs (column-order extraction); they were paired in order",
                lines))
        if table.shanghai:
            form.template = "shanghai-2020"
        elif table.cost_as_level1:
            form.template = "national-2021"
        elif table.cost_under_output:
            form.template = "legacy"
        else:
            form.template = "national-2021" if (form.year or 2022) >= 2022 else "legacy"

    def _total(self, row: Row, cells: list, append: bool = False) -> None:
        form = self.form
        se = form.self_eval or SelfEval()
        form.self_eval = se
        nums = [to_number(c.text) for c in cells if to_number(c.text) is not None]
        if append and se.total_weight is not None and se.total_score is None and nums:
            se.total_score = nums[0]
            return
        if len(nums) >= 2:
            se.total_weight, se.total_score = nums[-2], nums[-1]
        elif len(nums) == 1:
            se.total_score = nums[0]
        if append and len(nums) == 1 and se.total_weight is None:
            se.total_weight, se.total_score = nums[0], None
        form.locations.setdefault("self_eval.total", Span(row.line, row.cells[0].col))

    def _grade(self, row: Row, grade: str | None) -> None:
        form = self.form
        form.self_eval = form.self_eval or SelfEval()
        if grade:
            form.self_eval.grade = grade
        form.locations.setdefault("self_eval.grade", Span(row.line, row.cells[0].col))

    # --- consistency ---------------------------------------------------------------------------------------
    def _finish(self) -> None:
        form = self.form
        if form.year is None and form.start_date:
            form.year = int(form.start_date[:4])
        if not form.indicators:
            form.uncertainties.append(Uncertainty("no-indicators", form.line, 1,
                                                  "no indicator row was found in this form"))
        penalty = {"column-order": 0.35, "guessed-level": 0.1, "guessed-header": 0.1, "unplaced-value": 0.05,
                   "unplaced-name": 0.05, "goals-unseparated": 0.05, "no-indicators": 0.5}
        conf = 1.0 - sum(penalty.get(u.code, 0.05) for u in form.uncertainties)
        if form.layout == "cell-per-line":
            conf -= 0.05
        form.confidence = max(0.05, min(1.0, conf))


@lru_cache(maxsize=4096)
def _only_labels(key: str) -> bool:
    """Whether a cell is labels glued together (项目类别项目名称), with no value in it."""
    rest = key
    changed = True
    while rest and changed:
        changed = False
        for label in sorted(FIELD_LABELS, key=len, reverse=True):
            if rest.startswith(label):
                rest = rest[len(label):].lstrip(":")
                changed = True
                break
    return rest == "" and key != ""
