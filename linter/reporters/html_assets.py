"""The inline stylesheet and script of the HTML report: the page must open offline, so nothing is linked."""

CSS = """
:root {
  --ink: #1f2a37; --muted: #5b6676; --faint: #8a94a3; --line: #e3e7ed; --paper: #ffffff; --bg: #f5f6f8;
  --accent: #2f5d8a; --accent-soft: #e8eff7;
  --error: #b42318; --error-soft: #fdecea; --warning: #a15c07; --warning-soft: #fdf3dc;
  --info: #2c6aa0; --info-soft: #e6f0fa; --good: #1e7a4c; --good-soft: #e3f4ea;
  --sans: -apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
          "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Segoe UI", sans-serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", "Microsoft YaHei", monospace;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { background: var(--bg); }
body { margin: 0; color: var(--ink); font: 15px/1.65 var(--sans); -webkit-font-smoothing: antialiased; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code { font-family: var(--mono); font-size: 0.92em; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 28px; }
header.top { background: var(--paper); border-bottom: 1px solid var(--line); }
header.top .wrap { padding-top: 26px; padding-bottom: 20px; display: flex; align-items: baseline;
  justify-content: space-between; gap: 16px; flex-wrap: wrap; }
header.top h1 { margin: 0; font-size: 24px; font-weight: 600; letter-spacing: 0.02em; }
header.top .meta { margin: 0; color: var(--muted); font-size: 13px; }
.filters { position: sticky; top: 0; z-index: 10; background: rgba(255, 255, 255, 0.96);
  border-bottom: 1px solid var(--line); box-shadow: 0 2px 8px rgba(31, 42, 55, 0.05); }
.filters .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 22px; padding-top: 10px;
  padding-bottom: 10px; font-size: 14px; }
.filters .group { display: flex; align-items: center; gap: 10px; }
.filters .label { color: var(--muted); font-size: 13px; }
.filters label.sev { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; user-select: none; }
.filters select { font: inherit; padding: 3px 8px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--paper); color: var(--ink); max-width: 340px; }
.filters .showing { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; }
.filters button { font: inherit; font-size: 13px; padding: 4px 12px; border: 1px solid var(--line);
  border-radius: 6px; background: var(--paper); color: var(--ink); cursor: pointer; }
.filters button:hover { border-color: var(--accent); color: var(--accent); }
main { padding: 28px 0 60px; }
h2 { font-size: 19px; font-weight: 600; margin: 0 0 14px; }
h3 { font-size: 15px; font-weight: 600; margin: 0 0 10px; color: var(--ink); }
.cards { display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px; margin-bottom: 18px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
.card .n { display: block; font-size: 28px; font-weight: 600; line-height: 1.2; font-variant-numeric: tabular-nums; }
.card .k { color: var(--muted); font-size: 13px; }
.card.error { border-top: 3px solid var(--error); } .card.error .n { color: var(--error); }
.card.warning { border-top: 3px solid var(--warning); } .card.warning .n { color: var(--warning); }
.card.info { border-top: 3px solid var(--info); } .card.info .n { color: var(--info); }
.panel { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px;
  margin-bottom: 18px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.grid2 > .panel { margin-bottom: 18px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); font-size: 13px; background: #fafbfc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rank td { font-size: 14px; }
.rank .name { max-width: 0; width: 60%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.stack { display: flex; height: 8px; border-radius: 4px; overflow: hidden; background: var(--bg); min-width: 90px;
  margin-top: 7px; }
.stack span { display: block; height: 100%; }
.stack .error { background: var(--error); }
.stack .warning { background: #d89a2b; }
.stack .info { background: #7ea6cf; }
.badge { display: inline-block; font-size: 12px; line-height: 1; padding: 4px 8px; border-radius: 999px;
  font-weight: 600; white-space: nowrap; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.badge.error { color: var(--error); background: var(--error-soft); }
.badge.warning { color: var(--warning); background: var(--warning-soft); }
.badge.info { color: var(--info); background: var(--info-soft); }
.score { display: inline-block; min-width: 44px; text-align: center; font-weight: 600; padding: 2px 8px;
  border-radius: 6px; font-variant-numeric: tabular-nums;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.score.good { color: var(--good); background: var(--good-soft); }
.score.fair { color: var(--warning); background: var(--warning-soft); }
.score.poor { color: var(--error); background: var(--error-soft); }
.meter { display: inline-block; vertical-align: middle; width: 110px; height: 6px; border-radius: 3px;
  background: var(--bg); overflow: hidden; margin-left: 8px; }
.meter span { display: block; height: 100%; }
.meter .good { background: var(--good); }
.meter .fair { background: #d89a2b; }
.meter .poor { background: var(--error); }
.formula { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
.chart svg { width: 100%; height: auto; display: block; }
.chart-head { display: flex; justify-content: space-between; align-items: baseline; }
.legend { display: flex; gap: 14px; font-size: 12px; color: var(--muted); }
.legend .key { display: inline-flex; align-items: center; gap: 5px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.chart .bar { cursor: pointer; }
.chart .bar:hover rect.fill { opacity: 0.8; }
.chart text { font-family: var(--sans); font-size: 12.5px; fill: var(--ink); }
.chart text.code { font-family: var(--mono); font-size: 12px; fill: var(--muted); }
.chart text.count { font-variant-numeric: tabular-nums; fill: var(--muted); }
.quality { max-height: 520px; overflow: auto; }
.quality td { font-size: 14px; }
.quality td:first-child { white-space: nowrap; }
section.form { background: var(--paper); border: 1px solid var(--line); border-radius: 12px; margin: 26px 0;
  padding: 22px 26px 18px; scroll-margin-top: 70px; }
section.form > header { display: flex; align-items: flex-start; justify-content: space-between; gap: 18px;
  border-bottom: 1px solid var(--line); padding-bottom: 12px; margin-bottom: 14px; }
section.form h2 { margin: 0; font-size: 18px; }
section.form h2 .no { color: var(--faint); font-weight: 500; margin-right: 8px; font-variant-numeric: tabular-nums; }
section.form .where { color: var(--muted); font-size: 13px; margin-top: 2px; word-break: break-all; }
section.form .side { text-align: right; white-space: nowrap; }
section.form .side .counts { margin-top: 6px; display: flex; gap: 6px; justify-content: flex-end; }
dl.facts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px 22px; margin: 0 0 16px; }
dl.facts div { min-width: 0; }
dl.facts dt { color: var(--muted); font-size: 12px; }
dl.facts dd { margin: 0; font-size: 14px; overflow-wrap: anywhere; }
dl.facts dd.money { font-variant-numeric: tabular-nums; }
dl.facts dd.low { color: var(--warning); font-weight: 600; }
details.goals { margin: 0 0 14px; font-size: 14px; }
details.goals p { margin: 6px 0; color: var(--ink); white-space: pre-wrap; }
details.goals b { color: var(--muted); font-weight: 500; margin-right: 6px; }
details > summary { cursor: pointer; color: var(--accent); font-size: 14px; font-weight: 600; margin: 4px 0 8px; }
ol.findings { list-style: none; padding: 0; margin: 0 0 16px; }
li.finding { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 8px;
  padding: 10px 14px 10px; margin: 0 0 10px; background: #fcfcfd; break-inside: avoid; scroll-margin-top: 70px; }
li.finding.error { border-left-color: var(--error); }
li.finding.warning { border-left-color: #d89a2b; }
li.finding:target { box-shadow: 0 0 0 3px var(--accent-soft); }
.fhead { display: flex; align-items: center; flex-wrap: wrap; gap: 4px 10px; font-size: 13px; }
.fhead .rule { font-family: var(--mono); font-weight: 600; }
.fhead .rname { color: var(--muted); }
.fhead .loc { margin-left: auto; color: var(--faint); font-family: var(--mono); font-size: 12px; }
li.finding .msg { margin: 6px 0 4px; font-size: 15px; }
pre.src { margin: 6px 0; padding: 6px 10px; background: #f4f6f9; border-radius: 6px; font: 13px/1.6 var(--mono);
  white-space: pre-wrap; overflow-wrap: anywhere; color: #3b4656; }
pre.src .ln { color: var(--faint); margin-right: 10px; user-select: none; }
pre.src .sep { color: #c3cad4; margin: 0 0.35em; }
pre.src mark { background: #ffe7a3; color: var(--ink); border-radius: 3px; padding: 0 1px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
li.finding .sugg { margin: 4px 0 0; font-size: 14px; color: #2d4a33; }
li.finding .sugg b { color: var(--good); font-weight: 600; margin-right: 6px; }
.empty { color: var(--good); font-size: 14px; margin: 0 0 12px; }
table.ind td, table.ind th { font-size: 13.5px; padding: 5px 8px; }
table.ind td.lv { color: var(--muted); white-space: nowrap; }
table.ind td.val { font-family: var(--mono); font-size: 12.5px; white-space: nowrap; }
table.ind tr.flag.error td { background: var(--error-soft); }
table.ind tr.flag.warning td { background: #fffaf0; }
table.ind tr.flag.info td { background: #f5f9fd; }
table.ind tr.flag.muted td { background: transparent; }
table.ind td.hit { box-shadow: inset 0 -2px 0 var(--error); font-weight: 600; }
table.ind tr.warning td.hit { box-shadow: inset 0 -2px 0 #d89a2b; }
table.ind tr.info td.hit { box-shadow: inset 0 -2px 0 #7ea6cf; }
table.ind tr.muted td.hit { box-shadow: none; font-weight: inherit; }
table.ind td.chips { white-space: nowrap; }
a.chip { display: inline-block; font: 600 11px/1 var(--mono); padding: 3px 6px; margin: 1px 2px; border-radius: 4px; }
a.chip.error { color: var(--error); background: var(--error-soft); }
a.chip.warning { color: var(--warning); background: var(--warning-soft); }
a.chip.info { color: var(--info); background: var(--info-soft); }
.errors li { margin: 4px 0; }
footer { color: var(--faint); font-size: 12px; text-align: center; padding: 10px 0 30px; }
@media (max-width: 900px) {
  .cards { grid-template-columns: repeat(3, 1fr); }
  .grid2 { grid-template-columns: 1fr; }
  dl.facts { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html, body { background: #fff; font-size: 11pt; }
  .filters, .noprint { display: none !important; }
  .wrap { max-width: none; padding: 0; }
  header.top { border: 0; }
  main { padding: 8px 0 0; }
  .panel, section.form, .card { border-color: #cfd5dd; box-shadow: none; }
  .quality { max-height: none; overflow: visible; }
  .meter { display: none; }
  section.form { break-before: page; border: 0; padding: 0; margin: 0; border-radius: 0; }
  section.form > header, li.finding, tr, dl.facts, .panel { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; }
}
"""

# Filters by severity and rule toggle the ``hidden`` attribute; "#selftest=severity:warning;rule:PF308" (or
# "#filter=…") applies a filter on load, which is how the browser test drives the page without clicking.
JS = r"""
(function () {
  "use strict";
  var doc = document;
  var boxes = Array.prototype.slice.call(doc.querySelectorAll("input[name=sev]"));
  var rule = doc.getElementById("rule-filter");
  var clean = doc.getElementById("hide-clean");
  var showing = doc.getElementById("showing");
  var all = Array.prototype.slice.call(doc.querySelectorAll("[data-severity][data-rule]"));
  var findings = all.filter(function (el) { return el.classList.contains("finding"); });
  var sections = Array.prototype.slice.call(doc.querySelectorAll("section.form"));
  var rows = Array.prototype.slice.call(doc.querySelectorAll("table.ind tr.flag"));

  function apply() {
    var sev = {};
    boxes.forEach(function (b) { sev[b.value] = b.checked; });
    var only = rule.value;
    var shown = 0;
    all.forEach(function (el) {
      var ok = !!sev[el.getAttribute("data-severity")] && (!only || el.getAttribute("data-rule") === only);
      el.hidden = !ok;
      if (ok && el.classList.contains("finding")) shown += 1;
    });
    rows.forEach(function (tr) { tr.classList.toggle("muted", !tr.querySelector("a.chip:not([hidden])")); });
    sections.forEach(function (sec) {
      sec.hidden = clean.checked && !sec.querySelector("li.finding:not([hidden])");
    });
    showing.textContent = showing.getAttribute("data-template")
      .replace("{shown}", String(shown)).replace("{total}", String(findings.length));
    showing.setAttribute("data-shown", String(shown));
  }

  function fromHash() {
    var m = /^#(?:selftest|filter)=(.*)$/.exec(decodeURIComponent(location.hash || ""));
    if (!m) return;
    m[1].split(/[;&]/).forEach(function (part) {
      var kv = part.split(":"), key = kv[0], value = kv.slice(1).join(":");
      if (key === "severity") {
        var want = value.split(",");
        boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
      } else if (key === "rule") {
        rule.value = value;
      } else if (key === "clean") {
        clean.checked = value !== "0";
      }
    });
    apply();
    doc.documentElement.setAttribute("data-selftest", "applied " + m[1]);
  }

  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  rule.addEventListener("change", apply);
  clean.addEventListener("change", apply);
  Array.prototype.forEach.call(doc.querySelectorAll(".chart .bar"), function (bar) {
    bar.addEventListener("click", function () {
      rule.value = rule.value === bar.getAttribute("data-rule") ? "" : bar.getAttribute("data-rule");
      apply();
    });
  });
  var printButton = doc.getElementById("print");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
  // a paper copy shows every indicator table, whatever was folded on screen
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.filter.call(doc.querySelectorAll("details:not([open])"), function (d) {
      d.open = true; return true;
    });
  });
  window.addEventListener("afterprint", function () { folded.forEach(function (d) { d.open = false; }); });
  window.addEventListener("hashchange", fromHash);
  apply();
  fromHash();
  doc.documentElement.setAttribute("data-ready", "1");
})();
"""
