"""The across-time views of the reviewer reports: the xlsx 状态 column (新增 / 仍存在 / 已修正, the fixed
findings listed with the earlier version's file and line) and its 上年对比 sheet; the HTML page's 与上次提交相比
and 与上年对比 sections, from its embedded data and, in Chromium, as the page's script builds them."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from history_forms import ELDERLY, TRAINING, self_eval_form, target_form, write

openpyxl = pytest.importorskip("openpyxl", reason="the xlsx report needs openpyxl (the reports extra)")

P, Q = "社区居家养老服务补贴", "乡村教师能力提升培训"
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium",
                             shutil.which("google-chrome")) if p and Path(p).exists()), None)


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "perflint", "check", "--no-config", "-j", "1", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def but(inds, **targets):
    return [i.but(target=targets[i.name]) if i.name in targets else i for i in inds]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Two projects across years and versions: P resubmitted (one problem fixed, one still open, one new)
    with last year's target form and self-evaluation beside it; Q renamed, its indicators reordered and its
    money in 元 where last year wrote 万元; and a project with no counterpart at all."""
    root = tmp_path_factory.mktemp("across")
    v1 = but(ELDERLY, 服务老人人数="≥600", 服务对象满意度="良好")
    v2 = but(ELDERLY, 服务对象满意度="良好", 服务记录完整率="≥95")
    write(root / "2025", "last.txt", target_form(2025, P), self_eval_form(2025, P),
          target_form(2025, Q, TRAINING), self_eval_form(2025, Q, TRAINING))
    write(root / "sent", "v1.txt", target_form(2026, P, v1))
    training = but(TRAINING, 培训经费总额="≤240000(元)", 培训教师人次="≥1000(人次)")[::-1]
    write(root / "now", "batch.txt", target_form(2026, P, v2[::-1]), target_form(2026, f"{Q}项目", training),
          target_form(2026, "城市道路照明维护", ELDERLY))
    return root


def report(batch, fmt, *extra):
    out = batch / f"r-{fmt}-{'-'.join(extra) or 'zh'}.{fmt}"
    proc = run("now/batch.txt", "--previous", "2025", "--previous", "sent", "-o", str(out), *extra, cwd=batch)
    assert proc.returncode == 1, proc.stderr
    js = run("now/batch.txt", "--previous", "2025", "--previous", "sent", "--format", "json", cwd=batch)
    return out, json.loads(js.stdout)


def rows_of(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_xlsx_status_column_and_the_fixed_findings(batch):
    out, doc = report(batch, "xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "部门汇总", "问题清单", "识别提示", "上年对比"]
    rows = [r for r in rows_of(wb["问题清单"]) if r["项目"] == P]
    statuses = {(r["规则代码"], r["指标"]): r["状态"] for r in rows}
    assert statuses[("PF304", "服务记录完整率")] == "新增"
    assert statuses[("PF308", "服务对象满意度")] == "仍存在"
    assert statuses[("PF304", "服务老人人数")] == "已修正"
    fixed = next(r for r in rows if r["状态"] == "已修正")
    assert fixed["文件"].endswith("v1.txt") and fixed["行"] > 1
    # the JSON report says the same: each status, and the fixed ones of the earlier version
    entry = next(p for f in doc["files"] for p in f["pairings"] if p["project"] == P)
    counts = entry["resubmission"]["counts"]
    assert counts["fixed"] == sum(r["状态"] == "已修正" for r in rows) == len(entry["resubmission"]["fixed"])
    assert counts["new"] == sum(r["状态"] == "新增" for r in rows)
    assert counts["open"] == sum(r["状态"] == "仍存在" for r in rows)
    # forms that are no resubmission have no status
    assert {r["状态"] for r in rows_of(wb["问题清单"]) if r["项目"] != P} <= {None}


def test_xlsx_comparison_sheet_side_by_side(batch):
    out, doc = report(batch, "xlsx")
    rows = rows_of(openpyxl.load_workbook(out)["上年对比"])
    expected = [r for f in doc["files"] for p in f["pairings"] for r in p["comparison"]]
    assert len(rows) == len(expected) > 0
    q = {r["三级指标"]: r for r in rows if r["项目名称"] == f"{Q}项目"}
    # 万元 last year and 元 now: the same cost, compared as such
    assert (q["培训经费总额"]["指标值"], q["培训经费总额"]["上年指标值"], q["培训经费总额"]["变化"]) == \
        ("≤240000(元)", "≤24(万元)", "未变")
    assert (q["培训教师人次"]["上年实际完成值"], q["培训教师人次"]["变化"]) == ("1650(人次)", "降低")
    assert "2025年申报表" in q["培训教师人次"]["对照表"] and "名称相同" in q["培训教师人次"]["对照表"]   # 项目 is noise
    assert all(r["对照年度"] == 2025 for r in q.values())
    # the form with no counterpart has no row
    assert not [r for r in rows if r["项目名称"] == "城市道路照明维护"]


def test_xlsx_without_counterparts_keeps_its_four_sheets_and_columns(batch):
    out = batch / "plain.xlsx"
    assert run("now/batch.txt", "-o", str(out), cwd=batch).returncode == 1
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "部门汇总", "问题清单", "识别提示"]
    assert "状态" not in next(wb["问题清单"].iter_rows(values_only=True))


def test_xlsx_across_time_in_english(batch):
    out, _ = report(batch, "xlsx", "--lang", "en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-1] == "Last year"
    head = next(wb["Last year"].iter_rows(values_only=True))
    assert {"Last year's target", "Last year's actual", "Change", "Compared with"} <= set(head)
    assert {r["Status"] for r in rows_of(wb["Findings"])} >= {"new", "still open", "fixed"}


def page_data(html: Path) -> dict:
    text = html.read_text("utf-8")
    return json.loads(text.split('id="report-data">', 1)[1].split("</script>", 1)[0])


def test_html_data_carries_both_sections(batch):
    out, doc = report(batch, "html")
    data = page_data(out)
    forms = {f["project"]: f for f in data["forms"]}
    p = forms[P]
    assert p["resub"]["line"] == "与上次提交相比：已修正 1，仍存在 1，新增 1"
    (fixed,) = p["resub"]["fixed"]
    assert fixed[0] == "PF304" and data["pathsRaw"][fixed[3]].endswith("v1.txt") and fixed[5] == "服务老人人数"
    assert {x.get("st") for x in p["fs"] if x["code"] != "PF609"} == {"new", "open"}
    assert [a.split("：")[0] for a in p["cmp"]["against"]] == ["上次提交", "2025年申报表", "2025年自评表"]
    q = forms[f"{Q}项目"]
    assert "resub" not in q and all("st" not in x for x in q["fs"])
    changes = {row[1]: row[-1] for row in q["cmp"]["rows"]}
    assert changes["培训教师人次"] == "looser" and changes["培训经费总额"] == "same"
    assert "cmp" not in forms["城市道路照明维护"]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium); the browser "
                                             "view of the across-time sections needs it")
def test_html_sections_as_the_page_builds_them(batch, tmp_path):
    out, _ = report(batch, "html")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
           "--disable-background-networking", "--disable-component-update", f"--user-data-dir={tmp_path / 'p'}",
           "--dump-dom", out.as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    assert 'data-ready="1"' in dom, "the page's script did not run to its end"
    assert dom.count('class="prior warning"') == 1 and dom.count('data-status="fixed"') == 1
    assert dom.count('class="status new"') >= 1 and dom.count('class="status open"') >= 1
    assert "与上次提交相比：已修正 1，仍存在 1，新增 1" in dom
    assert dom.count('<tr class="chg looser">') >= 1 and "2025年自评表" in dom
    # the built sections, one 与上年对比 per form with counterparts (the <template> holds one more)
    assert dom.count('data-slot="cmp"') == 1 + 2


@pytest.mark.parametrize("suffix, magic", [(".xlsx", b"PK"), (".html", b"<!DOCTYPE"), (".json", b"{"),
                                           (".txt", "text")])
def test_the_report_file_suffix_chooses_the_format(batch, suffix, magic):
    out = batch / f"by-suffix{suffix}"
    assert run("now/batch.txt", "-o", str(out), cwd=batch).returncode == 1
    head = out.read_bytes()[:16]
    if magic == "text":
        assert "now/batch.txt:" in out.read_text("utf-8")
    else:
        assert head.lstrip().upper().startswith(magic.upper()), head
