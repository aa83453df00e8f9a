/* perflint serve: the upload page (drag and drop, files, folders, zips; the upload with its progress) and
   the progress page (polling the batch's status). Text reaches the page through textContent only. */
(function () {
  "use strict";
  var page = document.body.getAttribute("data-page");
  if (page === "upload") upload();
  if (page === "progress") progress();

  function fmtSize(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function upload() {
    var form = document.getElementById("upload-form"), drop = document.getElementById("drop");
    var accepted = form.getAttribute("data-accepted").split(",");
    var chosen = [], leftOut = 0;  // [{file, name}]
    var list = document.getElementById("chosen-list"), summary = document.getElementById("chosen-summary");
    var error = document.getElementById("upload-error"), sending = document.getElementById("sending");
    var clear = document.getElementById("clear");

    function readable(name) {
      var lower = name.toLowerCase();
      return accepted.some(function (s) { return lower.slice(-s.length) === s; }) && !/(^|\/)(\.|~\$|__MACOSX)/.test(name);
    }
    function add(file, name) {
      if (!readable(name)) { leftOut++; return; }
      chosen.push({file: file, name: name});
    }
    function show() {
      var box = document.getElementById("chosen");
      box.hidden = chosen.length === 0 && leftOut === 0;
      clear.hidden = box.hidden;
      var size = chosen.reduce(function (s, c) { return s + c.file.size; }, 0);
      summary.textContent = fill(summary.getAttribute("data-template"), {n: chosen.length, size: fmtSize(size)}) +
        (leftOut ? "；" + fill(summary.getAttribute("data-left-out"), {n: leftOut}) : "");
      list.textContent = "";
      chosen.slice(0, 200).forEach(function (c) {
        var li = document.createElement("li"); li.textContent = c.name; list.appendChild(li);
      });
      if (chosen.length > 200) { var li = document.createElement("li"); li.textContent = "…"; list.appendChild(li); }
    }
    function fromInput(input) {
      Array.prototype.forEach.call(input.files, function (f) { add(f, f.webkitRelativePath || f.name); });
      input.value = "";
      show();
    }
    document.getElementById("files").addEventListener("change", function () { fromInput(this); });
    document.getElementById("folder").addEventListener("change", function () { fromInput(this); });
    clear.addEventListener("click", function () { chosen = []; leftOut = 0; error.hidden = true; show(); });

    // a dropped folder is walked with the entries API; files and zips are taken as they are
    function walk(entry, path, done) {
      if (entry.isFile) {
        entry.file(function (f) { add(f, path + f.name); done(); }, done);
      } else if (entry.isDirectory) {
        var reader = entry.createReader(), entries = [];
        (function more() {
          reader.readEntries(function (batch) {
            if (batch.length) { entries = entries.concat(Array.prototype.slice.call(batch)); more(); return; }
            var left = entries.length;
            if (!left) { done(); return; }
            entries.forEach(function (e) { walk(e, path + entry.name + "/", function () { if (--left === 0) done(); }); });
          }, done);
        })();
      } else { done(); }
    }
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      drop.classList.remove("over");
      var items = e.dataTransfer.items, entries = [];
      for (var i = 0; items && i < items.length; i++) {
        var en = items[i].webkitGetAsEntry ? items[i].webkitGetAsEntry() : null;
        if (en) entries.push(en);
      }
      if (entries.length) {
        var left = entries.length;
        entries.forEach(function (en) { walk(en, "", function () { if (--left === 0) show(); }); });
      } else {
        Array.prototype.forEach.call(e.dataTransfer.files, function (f) { add(f, f.name); });
        show();
      }
    });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      error.hidden = true;
      if (!chosen.length) { fail(form.getAttribute("data-none") || "—"); return; }
      var data = new FormData();
      data.append("csrf_token", form.elements.csrf_token.value);
      data.append("lang", form.elements.lang.value);
      chosen.forEach(function (c) { data.append("files", c.file, c.name); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", form.elements.csrf_token.value);
      sending.hidden = false;
      var bar = sending.firstElementChild;
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) bar.style.width = (100 * ev.loaded / ev.total).toFixed(1) + "%";
      });
      xhr.onload = function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
        if (xhr.status === 201 && body && body.job) { window.location.assign(body.job); return; }
        sending.hidden = true;
        fail(body && body.error ? body.error.title + "：" + body.error.message : "HTTP " + xhr.status);
      };
      xhr.onerror = function () { sending.hidden = true; fail("HTTP " + (xhr.status || "—")); };
      document.getElementById("submit").disabled = true;
      xhr.onloadend = function () { document.getElementById("submit").disabled = false; };
      xhr.send(data);
    });
    function fail(message) { error.textContent = message; error.hidden = false; }
  }

  function progress() {
    var box = document.getElementById("job"), state = document.getElementById("state");
    var bar = document.getElementById("bar");
    function paint(s) {
      var total = s.total || 0, done = s.done || 0;
      bar.style.width = (total ? 100 * done / total : 0).toFixed(1) + "%";
      var template = state.getAttribute("data-" + s.state) || "";
      state.textContent = fill(template, {done: done, total: total, position: s.position});
      box.setAttribute("data-state", s.state);
    }
    paint({state: box.getAttribute("data-state"), done: +bar.getAttribute("data-done"),
           total: +bar.getAttribute("data-total"), position: 0});
    function poll() {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", box.getAttribute("data-status-url"));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.onload = function () {
        var s = null;
        try { s = JSON.parse(xhr.responseText); } catch (err) { s = null; }
        if (!s) { setTimeout(poll, 2000); return; }
        paint(s);
        if (s.state === "done" || s.state === "failed") { window.location.replace(box.getAttribute("data-job-url")); return; }
        setTimeout(poll, 700);
      };
      xhr.onerror = function () { setTimeout(poll, 2000); };
      xhr.send();
    }
    setTimeout(poll, 300);
  }
})();
