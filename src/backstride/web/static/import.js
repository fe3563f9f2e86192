// Import page: drag and drop, upload progress, and the report shown in place.
// Without JavaScript the form still posts to /import and the server renders the report.
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var input = document.getElementById("files");
  var zone = document.getElementById("dropzone");
  var chosen = document.getElementById("chosen");
  var button = document.getElementById("import-button");
  var progress = document.getElementById("progress");
  var bar = document.getElementById("progress-bar");
  var label = document.getElementById("progress-label");
  var report = document.getElementById("report");
  var figures = document.getElementById("report-figures");
  var lines = document.getElementById("report-failed");
  var links = document.getElementById("report-links");
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var dropped = null;

  function describe(files) {
    if (!files || !files.length) { chosen.textContent = ""; return; }
    var total = 0;
    for (var i = 0; i < files.length; i++) total += files[i].size;
    var size = total > 1048576 ? (total / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(total / 1024)) + " KB";
    chosen.textContent = files.length === 1 ? files[0].name + " (" + size + ")" : files.length + " files (" + size + ")";
  }

  input.addEventListener("change", function () { dropped = null; describe(input.files); });
  // Files chosen before this script ran (a slow page, or the browser restoring the form
  // on "back") fire no change event here: show them now.
  describe(input.files);
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dragging"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("dragging"); });
  });
  zone.addEventListener("drop", function (event) {
    dropped = event.dataTransfer.files;
    describe(dropped);
  });

  function figure(name, value) {
    var div = document.createElement("div");
    var dt = document.createElement("dt");
    var dd = document.createElement("dd");
    dt.textContent = name;
    dd.textContent = String(value);
    div.appendChild(dt);
    div.appendChild(dd);
    return div;
  }

  function line(text, failed) {
    var li = document.createElement("li");
    li.textContent = text;
    if (failed) li.className = "sev-warning";
    return li;
  }

  function show(data) {
    figures.replaceChildren(
      figure("Imported", data.imported), figure("Merged", data.merged),
      figure("Duplicates", data.duplicates), figure("Skipped", data.skipped),
      figure("Failed", data.failed.length));
    lines.replaceChildren();
    data.failed.forEach(function (t) { lines.appendChild(line("failed: " + t, true)); });
    data.warnings.forEach(function (t) { lines.appendChild(line("warning: " + t, false)); });
    var changes = (data.plan_changes || []).length;
    if (changes) lines.appendChild(line("Your plan was re-planned (" + changes + " change" + (changes === 1 ? "" : "s") + "): see the Plan page for what changed and why.", false));
    if (data.activities_url) {
      var when = function (iso) {
        return new Date(iso + "T12:00:00").toLocaleDateString("en-GB", { day: "2-digit", month: "short", year: "numeric" });
      };
      var all = document.createElement("a");
      all.href = data.activities_url;
      all.textContent = "See your activities from " + when(data.first_day) + " to " + when(data.last_day) + " →";
      var week = document.createElement("a");
      week.href = data.weeks_url;
      week.textContent = "See the week of your latest run, against every rule →";
      links.replaceChildren(all, document.createElement("br"), week);
    }
    report.hidden = false;
  }

  function showError(message) {
    figures.replaceChildren();
    lines.replaceChildren(line("The import did not run: " + message, true));
    report.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    var files = dropped || input.files;
    if (!files || !files.length) { event.preventDefault(); chosen.textContent = "Choose or drop at least one file first."; return; }
    event.preventDefault();
    var body = new FormData();
    for (var i = 0; i < files.length; i++) body.append("files", files[i], files[i].name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/imports");
    xhr.setRequestHeader("X-CSRF-Token", token);
    xhr.responseType = "json";
    button.disabled = true;
    progress.hidden = false;
    bar.value = 0;
    label.textContent = "Uploading…";
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      bar.value = Math.round((e.loaded / e.total) * 100);
      if (e.loaded >= e.total) { label.textContent = "Importing… (reading every activity)"; bar.removeAttribute("value"); }
    });
    xhr.addEventListener("load", function () {
      button.disabled = false;
      progress.hidden = true;
      var data = xhr.response;
      if (xhr.status === 200 && data) { show(data); }
      else { showError(data && data.error ? data.error.message : "the server answered " + xhr.status); }
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      progress.hidden = true;
      showError("the server could not be reached");
    });
    xhr.send(body);
  });
})();
