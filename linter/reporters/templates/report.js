/* The script of the perflint HTML report. It builds each form's section from the JSON data and the
   <template> elements when the form is shown (a page of forms at a time, more on request, all of them when
   printing) and applies the filters. Text reaches the page only through textContent: never as markup.

   "#filter=severity:error,warning;rule:PF308;dept:2;clean:1;notes:1;sort:worst;all:1" applies a filter
   on load (dept: the department's row in the 部门汇总, from 0; "#selftest=" is the same); "#form-12" shows
   form 12. The browser tests drive the page this way. */
(function () {
  "use strict";
  var doc = document;
  // the data: JSON, or for a large batch JSON deflated and base64-encoded (inflate.js unpacks it)
  function load(el) {
    if (el.getAttribute("data-encoding") !== "deflate-base64") return JSON.parse(el.textContent);
    var bin = atob(el.textContent.replace(/\s+/g, "")), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return JSON.parse(new TextDecoder("utf-8").decode(perflintInflate(bytes)));
  }
  var data = load(doc.getElementById("report-data"));
  var L = data.labels, forms = data.forms, findings = [], rules = data.rules;
  // every form carries its findings; the page numbers them in the order of the forms (F1, F2 …)
  forms.forEach(function (form) {
    form.f = [findings.length, form.fs.length];
    Array.prototype.push.apply(findings, form.fs);
    delete form.fs;
  });
  var SEVS = ["error", "warning", "info"];
  var byId = {};
  forms.forEach(function (form) { byId[form.id] = form; });
  var orders = {
    file: forms.slice().sort(function (a, b) { return a.n - b.n; }),
    worst: forms.slice().sort(function (a, b) {
      return (a.index === null) - (b.index === null) || a.score - b.score || b.counts[0] - a.counts[0] ||
        (b.counts[0] + b.counts[1] + b.counts[2]) - (a.counts[0] + a.counts[1] + a.counts[2]) || a.n - b.n;
    })
  };
  function $(id) { return doc.getElementById(id); }
  var boxes = Array.prototype.slice.call(doc.querySelectorAll("input[name=sev]"));
  var ctl = {rule: $("rule-filter"), dept: $("dept-filter"), sort: $("sort"), clean: $("hide-clean"),
             notes: $("only-notes")};
  // the forms shown: list[start : start + limit] of those the filters select (all of them when printing)
  var view = {start: 0, limit: data.page, qlimit: 100, all: false};
  var QUALITY_PAGE = 100;
  var built = {};

  // --- small helpers -----------------------------------------------------------------------------------
  function clone(id) { return $(id).content.firstElementChild.cloneNode(true); }
  function slot(node, name) { return node.querySelector("[data-slot='" + name + "']"); }
  function put(el, text) { el.textContent = text === null || text === undefined ? "" : String(text); return el; }
  function drop(el) { if (el && el.parentNode) el.parentNode.removeChild(el); }
  function span(cls, text) { var s = doc.createElement("span"); s.className = cls; return put(s, text); }
  function isNote(x) { return !!(rules[x.code] && rules[x.code].note); }
  function base(path) { return path.replace(/^.*[\\\/]/, ""); }
  function num(v) { return v === null || v === undefined ? "" : String(Math.round(v * 100) / 100); }
  function money(v) {
    return Number(v).toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2}) + " " + L.yuan;
  }

  // --- which forms and findings the filters show -------------------------------------------------------
  function current() {
    var sev = {};
    boxes.forEach(function (b) { sev[b.value] = b.checked; });
    return {sev: sev, rule: ctl.rule.value, dept: ctl.dept.value, sort: ctl.sort.value, clean: ctl.clean.checked,
            notes: !!(ctl.notes && ctl.notes.checked)};
  }
  function visible(x, s) { return (!s.rule || x.code === s.rule) && (isNote(x) || !!s.sev[x.sev]); }
  function shownIn(form, s) {
    var defects = 0, notes = 0;
    for (var k = form.f[0]; k < form.f[0] + form.f[1]; k++) {
      if (!visible(findings[k], s)) continue;
      if (isNote(findings[k])) notes += 1; else defects += 1;
    }
    return [defects, notes];
  }
  function selected(s) {
    var out = [], shown = 0;
    orders[s.sort === "worst" ? "worst" : "file"].forEach(function (form) {
      if (s.dept && String(form.d) !== s.dept) return;
      if (s.notes && !form.notes) return;
      var c = shownIn(form, s);
      if (s.rule && !c[0] && !c[1]) return;
      if (s.clean && !c[0] && !(s.rule && c[1])) return;
      shown += c[0];
      out.push(form);
    });
    return {forms: out, shown: shown};
  }

  // --- one finding -------------------------------------------------------------------------------------
  function quote(el, x) {
    var q = x.src;
    put(el.firstElementChild, x.line);
    function text(parent, chunk) {
      chunk.split("\t").forEach(function (part, i) {
        if (i) parent.appendChild(span("sep", "│"));
        if (part) parent.appendChild(doc.createTextNode(part));
      });
    }
    if (q[3]) el.appendChild(doc.createTextNode("…"));
    text(el, q[0]);
    if (q[1]) { var mark = doc.createElement("mark"); text(mark, q[1]); el.appendChild(mark); }
    text(el, q[2]);
    if (q[4]) el.appendChild(doc.createTextNode("…"));
  }
  function finding(k) {
    var x = findings[k], li = clone("tpl-finding"), r = rules[x.code] || {}, path = data.pathsRaw[x.path];
    li.className += " " + x.sev + (isNote(x) ? " note" : "");
    li.id = "F" + (k + 1);
    li.setAttribute("data-id", li.id);
    li.setAttribute("data-severity", x.sev);
    li.setAttribute("data-rule", x.code);
    li.setAttribute("data-path", path);
    li.setAttribute("data-line", x.line);
    li.setAttribute("data-column", x.col);
    if (isNote(x)) li.setAttribute("data-note", "1");
    var badge = put(slot(li, "sev"), L.severity[x.sev]);
    badge.className += " " + x.sev;
    if (x.st) {   // a resubmission's finding: new since the earlier version, or still open
      var st = put(slot(li, "status"), L.status[x.st]);
      st.className += " " + x.st;
      li.setAttribute("data-status", x.st);
    } else drop(slot(li, "status"));
    put(slot(li, "code"), x.code);
    put(slot(li, "title"), r.title || x.code);
    var loc = put(slot(li, "loc"), base(data.paths[x.path]) + ":" + x.line + ":" + x.col + (x.loc ? " · " + x.loc : ""));
    loc.title = data.paths[x.path];
    put(slot(li, "msg"), x.msg);
    if (x.acc) {   // a reviewer accepted it: it stays, marked, with the reason
      put(slot(li, "accepted"), L.accepted.replace("{reason}", x.acc));
      li.className += " accepted";
      li.setAttribute("data-accepted", "1");
    } else drop(slot(li, "accepted"));
    if (x.src) quote(slot(li, "src"), x); else drop(slot(li, "src"));
    if (x.sugg) put(slot(li, "sugg").lastElementChild, x.sugg); else drop(slot(li, "sugg"));
    put(slot(li, "basis"), r.basis);
    var binding = put(slot(li, "binding"), r.binding);
    if (r.binds) binding.className += " yes";
    return li;
  }

  // --- one form ----------------------------------------------------------------------------------------
  function fact(form, key) {
    var parts = key.split("."), v = form;
    for (var i = 0; i < parts.length && v !== undefined && v !== null; i++) v = v[parts[i]];
    if (key === "kind" && v) return L.kind[v] || v;
    if (key === "conf" && v !== undefined && v !== null) return Math.round(v * 100) + "%";
    return v;
  }
  function facts(node, form) {
    Array.prototype.forEach.call(node.querySelectorAll("[data-fact]"), function (div) {
      var key = div.getAttribute("data-fact"), v = fact(form, key);
      if (v === undefined || v === null || v === "") {
        if (/^(dept|impl|kind|year|template|layout)$/.test(key)) v = "—"; else { drop(div); return; }
      }
      if (div.getAttribute("data-money") && v !== "—") v = money(v);
      else if (div.getAttribute("data-percent")) v = num(v) + "%";
      else if (typeof v === "number" && key !== "year") v = num(v);
      put(div.querySelector("dd"), v);
      if (key === "conf" && form.conf < 1) div.querySelector("dd").className = "low";
    });
  }
  function goals(node, form) {
    var box = slot(node, "goals"), any = false;
    Array.prototype.forEach.call(box.querySelectorAll("[data-goal]"), function (p) {
      var text = form.goals && form.goals[p.getAttribute("data-goal")];
      if (text) { put(p.lastElementChild, text); any = true; } else drop(p);
    });
    if (!any) drop(box);
  }
  function rows(node, form) {
    var table = slot(node, "indicators"), list = form.rows || [], selfEval = form.kind === "self_eval";
    if (!list.length) { drop(table); return; }
    drop(slot(node, "no-indicators"));
    put(slot(table, "n"), list.length);
    if (!selfEval) Array.prototype.forEach.call(table.querySelectorAll("[data-self-eval]"), drop);
    var tbody = table.querySelector("tbody"), hit = false;
    list.forEach(function (row) {
      var tr = doc.createElement("tr"), cells = row[7] ? row[7].split(",") : [], ids = row[8] || [];
      var cols = [["level1", "lv", row[0]], ["level2", "lv", row[1]], ["name", "", row[2]], ["target", "val", row[3]]];
      if (selfEval) cols.push(["actual", "val", row[4]], ["weight", "num", num(row[5])], ["score", "num", num(row[6])]);
      cols.forEach(function (c) {
        var td = put(doc.createElement("td"), c[2]);
        td.className = (c[1] + (cells.indexOf(c[0]) >= 0 ? " hit" : "")).trim();
        tr.appendChild(td);
      });
      var chips = doc.createElement("td"), worst = -1;
      chips.className = "chips";
      ids.forEach(function (k) {
        var x = findings[k], a = put(doc.createElement("a"), x.code);
        a.className = "chip " + x.sev;
        a.href = "#F" + (k + 1);
        a.title = x.msg;
        a.setAttribute("data-severity", x.sev);
        a.setAttribute("data-rule", x.code);
        if (isNote(x)) a.setAttribute("data-note", "1");
        chips.appendChild(a);
        worst = Math.max(worst, 2 - SEVS.indexOf(x.sev));
      });
      tr.appendChild(chips);
      if (ids.length) { tr.className = "flag " + SEVS[2 - worst]; hit = true; }
      tbody.appendChild(tr);
    });
    if (hit || list.length <= 20) table.open = true;
  }
  function lists(node, form) {
    var defects = slot(node, "findings"), notes = slot(node, "notes"), nd = 0, nn = 0;
    for (var k = form.f[0]; k < form.f[0] + form.f[1]; k++) {
      if (isNote(findings[k])) { notes.querySelector("ol").appendChild(finding(k)); nn += 1; }
      else { defects.appendChild(finding(k)); nd += 1; }
    }
    if (!nd) drop(defects); else drop(slot(node, "clean"));
    if (!nn) drop(notes);
  }
  function resubmission(node, form) {
    var box = slot(node, "resub");
    if (!form.resub) { drop(box); return; }
    put(slot(box, "resub-line"), form.resub.line);
    var list = slot(box, "fixed");
    form.resub.fixed.forEach(function (x) {   // [code, severity, message, path, line, indicator]
      var li = doc.createElement("li"), r = rules[x[0]] || {};
      li.className = "prior " + x[1];   // not a finding of this form: no filter or count takes it
      li.setAttribute("data-rule", x[0]);
      li.setAttribute("data-status", "fixed");
      li.appendChild(span("status fixed", L.status.fixed));
      li.appendChild(span("rule", x[0]));
      li.appendChild(span("rname", r.title || x[0]));
      li.appendChild(span("loc", base(data.paths[x[3]]) + ":" + x[4]));
      li.appendChild(put(doc.createElement("p"), x[2])).className = "msg";
      list.appendChild(li);
    });
    if (!form.resub.fixed.length) drop(list);
  }
  function comparison(node, form) {
    var box = slot(node, "cmp");
    if (!form.cmp) { drop(box); return; }
    var against = slot(box, "against");
    form.cmp.against.forEach(function (text) { against.appendChild(put(doc.createElement("li"), text)); });
    var table = box.querySelector("table"), list = form.cmp.rows, width = list.length ? list[0].length - 1 : 0;
    if (!list.length) { drop(table); return; }
    drop(slot(box, "cmp-none"));
    var used = [];   // a column no row of this form fills is left out
    for (var c = 0; c < width; c++) used[c] = list.some(function (row) { return row[c] !== null && row[c] !== ""; });
    Array.prototype.forEach.call(table.querySelectorAll("th[data-col]"), function (th) {
      if (!used[+th.getAttribute("data-col")]) drop(th);
    });
    var tbody = table.querySelector("tbody");
    list.forEach(function (row) {
      var tr = doc.createElement("tr"), change = row[width];
      if (change) tr.className = "chg " + change;
      for (var c = 0; c < width; c++) if (used[c]) tr.appendChild(put(doc.createElement("td"), row[c]));
      tbody.appendChild(tr);
    });
  }
  function build(form) {
    var node = clone("tpl-form"), other = form.index === null;
    node.id = form.id;
    node.setAttribute("data-path", data.pathsRaw[form.path]);
    node.setAttribute("data-form", other ? "" : form.index);
    node.setAttribute("data-dept", form.d === null || form.d === undefined ? "" : form.d);
    node.setAttribute("data-score", form.score);
    node.setAttribute("data-findings", form.counts[0] + form.counts[1] + form.counts[2]);
    node.setAttribute("data-notes", form.notes);
    if (other) drop(slot(node, "no")); else put(slot(node, "no"), form.index + 1);
    put(slot(node, "project"), other ? L.other : (form.project || L.unnamed));
    put(slot(node, "path"), data.paths[form.path]);
    var lines = slot(node, "lines");
    if (form.lines && form.lines[0]) put(lines, " · " + lines.getAttribute("data-label") + " " + form.lines[0] + "–" + form.lines[1]);
    var score = put(slot(node, "score"), form.score);
    score.className += " " + form.band;
    var counts = slot(node, "counts");
    SEVS.forEach(function (s, i) {
      if (form.counts[i]) counts.appendChild(span("badge " + s, L.severity[s] + " " + form.counts[i]));
    });
    if (other) {
      drop(node.querySelector(".side"));
      ["facts", "goals", "indicators", "no-indicators"].forEach(function (name) {
        drop(name === "facts" ? node.querySelector("dl.facts") : slot(node, name));
      });
    } else {
      facts(node, form);
      goals(node, form);
      rows(node, form);
    }
    lists(node, form);
    resubmission(node, form);
    comparison(node, form);
    return node;
  }

  // --- the page ----------------------------------------------------------------------------------------
  function filterShown(node, s) {
    Array.prototype.forEach.call(node.querySelectorAll("li.finding, a.chip"), function (el) {
      var ok = (!s.rule || el.getAttribute("data-rule") === s.rule) &&
        (!!el.getAttribute("data-note") || !!s.sev[el.getAttribute("data-severity")]);
      el.hidden = !ok;
    });
    Array.prototype.forEach.call(node.querySelectorAll("table.ind tr.flag"), function (tr) {
      tr.classList.toggle("muted", !tr.querySelector("a.chip:not([hidden])"));
    });
  }
  function more(button, left, step) {
    button.hidden = left <= 0;
    put(button, L.more.replace("{count}", String(Math.min(left, step))));
  }
  function quality(list) {
    var tbody = doc.querySelector("#quality-table tbody"), real = list.filter(function (f) { return f.index !== null; });
    var n = view.all ? real.length : Math.min(view.qlimit, real.length), frag = doc.createDocumentFragment();
    for (var i = 0; i < n; i++) {
      var form = real[i], tr = clone("tpl-quality-row");
      tr.setAttribute("data-score", form.score);
      tr.setAttribute("data-form-id", form.id);
      var score = put(slot(tr, "score"), form.score);
      score.className += " " + form.band;
      var meter = slot(tr, "meter");
      meter.className = form.band;
      meter.style.width = form.score + "%";
      var a = put(slot(tr, "project"), form.project || L.unnamed);
      a.href = "#" + form.id;
      put(slot(tr, "dept"), form.dept || "—");
      put(slot(tr, "where"), base(data.paths[form.path]) + " · " + (form.index + 1));
      SEVS.forEach(function (s, k) { put(slot(tr, s), form.counts[k]); });
      put(slot(tr, "notes"), form.notes || "");
      frag.appendChild(tr);
    }
    tbody.textContent = "";
    tbody.appendChild(frag);
    more($("more-quality"), real.length - n, QUALITY_PAGE);
  }
  function render() {
    var s = current(), sel = selected(s), list = sel.forms, box = $("form-list");
    var start = view.all ? 0 : Math.min(view.start, Math.max(0, list.length - 1));
    var n = view.all ? list.length : Math.min(start + view.limit, list.length), frag = doc.createDocumentFragment();
    for (var i = start; i < n; i++) {
      var node = built[list[i].id] || (built[list[i].id] = build(list[i]));
      filterShown(node, s);
      frag.appendChild(node);
    }
    box.textContent = "";
    box.appendChild(frag);
    more($("more-forms"), list.length - n, data.page);
    $("from-start").hidden = start === 0;
    $("no-match").hidden = list.length > 0;
    quality(list);
    var showing = $("showing");
    put(showing, showing.getAttribute("data-template").replace("{shown}", String(sel.shown))
      .replace("{total}", String(data.defects)));
    showing.setAttribute("data-shown", String(sel.shown));
    showing.setAttribute("data-forms", String(list.length));
    put($("showing-forms"), showing.getAttribute("data-forms-template").replace("{shown}", String(n - start))
      .replace("{total}", String(list.length)));
    Array.prototype.forEach.call(doc.querySelectorAll("table.depts tr[data-dept]"), function (tr) {
      tr.classList.toggle("current", !!s.dept && tr.getAttribute("data-dept") === s.dept);
    });
  }
  function apply() { view.start = 0; view.limit = data.page; view.qlimit = QUALITY_PAGE; render(); }

  function reveal(id) {
    var form = byId[id];
    if (!form) return;
    var at = selected(current()).forms.indexOf(form);
    if (at < 0) {   // filtered out: show everything again
      boxes.forEach(function (b) { b.checked = true; });
      ctl.rule.value = ctl.dept.value = "";
      ctl.clean.checked = false;
      if (ctl.notes) ctl.notes.checked = false;
      at = selected(current()).forms.indexOf(form);
    }
    // a form far down the list is shown with the page of forms that follows it, not with all before it
    if (at < view.start || at >= view.start + view.limit) { view.start = at; view.limit = data.page; }
    render();
    var node = $(id);
    if (node && node.scrollIntoView) node.scrollIntoView();
  }
  function fromHash() {
    var hash = location.hash || "";
    if (/^#form-\d+$/.test(hash)) { reveal(hash.slice(1)); return; }
    var m = /^#(?:selftest|filter)=(.*)$/.exec(hash);
    if (!m) return;
    m[1].split(/[;&]/).forEach(function (part) {
      var at = part.indexOf(":"), key = decodeURIComponent(part.slice(0, at < 0 ? part.length : at));
      var value = at < 0 ? "" : decodeURIComponent(part.slice(at + 1));
      if (key === "severity") {
        var want = value.split(",");
        boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
      } else if (key === "rule") ctl.rule.value = value;
      else if (key === "dept") ctl.dept.value = value;
      else if (key === "sort") ctl.sort.value = value;
      else if (key === "clean") ctl.clean.checked = value !== "0";
      else if (key === "notes" && ctl.notes) ctl.notes.checked = value !== "0";
      else if (key === "all") view.all = value !== "0";
    });
    view.start = 0;
    view.limit = data.page;
    render();
    doc.documentElement.setAttribute("data-selftest", "applied " + decodeURIComponent(m[1]));
  }

  boxes.concat([ctl.rule, ctl.dept, ctl.sort, ctl.clean]).concat(ctl.notes ? [ctl.notes] : [])
    .forEach(function (c) { c.addEventListener("change", apply); });
  $("more-forms").addEventListener("click", function () { view.limit += data.page; render(); });
  $("more-quality").addEventListener("click", function () { view.qlimit += QUALITY_PAGE; render(); });
  $("from-start").addEventListener("click", function () { view.limit += view.start; view.start = 0; render(); });
  Array.prototype.forEach.call(doc.querySelectorAll(".chart .bar"), function (bar) {
    bar.addEventListener("click", function () {
      ctl.rule.value = ctl.rule.value === bar.getAttribute("data-rule") ? "" : bar.getAttribute("data-rule");
      apply();
    });
  });
  Array.prototype.forEach.call(doc.querySelectorAll("a.dept-link"), function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      ctl.dept.value = ctl.dept.value === a.getAttribute("data-dept") ? "" : a.getAttribute("data-dept");
      apply();
      $("forms").scrollIntoView();
    });
  });
  var printButton = $("print");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
  // a paper copy shows every form that the filters show, with every indicator table unfolded
  var folded = [];
  window.addEventListener("beforeprint", function () {
    view.all = true;
    render();
    folded = Array.prototype.filter.call(doc.querySelectorAll("details:not([open])"), function (d) {
      d.open = true; return true;
    });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (d) { d.open = false; });
    view.all = false;
    render();
  });
  window.addEventListener("hashchange", fromHash);
  render();
  fromHash();
  doc.documentElement.setAttribute("data-ready", "1");
  // milliseconds from the start of navigation until the first page of forms was built (the benchmark reads it)
  if (window.performance && performance.now) {
    doc.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  }
})();
