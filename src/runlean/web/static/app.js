/* runlean web app: charts (plotly.js, served locally), uploads with per-file progress,
   HTMX settings. No request goes to any other host. */
(function () {
  "use strict";

  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }

  function renderCharts(root) {
    if (typeof Plotly === "undefined") { return; }
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.rendered) { return; }
      var spec = JSON.parse(el.getAttribute("data-chart"));
      var traces = spec.traces.map(function (t) {
        var tr = {x: t.x, y: t.y, name: t.name, type: t.type || "scatter",
                  mode: t.mode || "lines", connectgaps: false};
        if (t.color) { tr.line = {color: t.color}; tr.marker = {color: t.color, size: 5}; }
        if (t.dash) { tr.line = Object.assign(tr.line || {}, {dash: t.dash}); }
        return tr;
      });
      var layout = {height: spec.height || 320, margin: {l: 55, r: 15, t: 10, b: 45},
                    legend: {orientation: "h", y: -0.25}, hovermode: "x unified",
                    xaxis: {title: {text: spec.x_title || ""}, automargin: true},
                    yaxis: {title: {text: spec.y_title || ""}, automargin: true},
                    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
                    font: {family: "system-ui, sans-serif", size: 12}};
      if (spec.equal_axes) {
        layout.yaxis.scaleanchor = "x";
        layout.hovermode = "closest";
      }
      Plotly.newPlot(el, traces, layout, {displaylogo: false, responsive: true});
      el.dataset.rendered = "1";
    });
  }

  function escapeText(s) {
    var d = document.createElement("div");
    d.textContent = s;
    return d.innerHTML;
  }

  function uploadOne(file, li) {
    return new Promise(function (resolve) {
      var fd = new FormData();
      fd.append("csrf_token", csrf());
      fd.append("files", file, file.name);
      var xhr = new XMLHttpRequest();
      var bar = li.querySelector("progress");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = e.loaded / e.total; }
      });
      xhr.addEventListener("load", function () {
        bar.value = 1;
        var out = li.querySelector(".out");
        if (xhr.status === 413) {
          out.innerHTML = '<span class="error">' + escapeText(xhr.responseText) + "</span>";
        } else {
          out.innerHTML = xhr.responseText;
        }
        li.dataset.done = "1";
        resolve();
      });
      xhr.addEventListener("error", function () {
        li.querySelector(".out").textContent = "upload failed (is the server still running?)";
        li.dataset.done = "1";
        resolve();
      });
      xhr.open("POST", "/activities/upload");
      xhr.setRequestHeader("HX-Request", "true");
      xhr.setRequestHeader("X-CSRF-Token", csrf());
      xhr.send(fd);
    });
  }

  function uploadFiles(files) {
    var box = document.getElementById("upload-result");
    if (!box || !files.length) { return; }
    box.innerHTML = "";
    var list = document.createElement("ol");
    list.className = "uploads";
    box.appendChild(list);
    var items = Array.prototype.map.call(files, function (file) {
      var li = document.createElement("li");
      li.innerHTML = '<span class="fname"></span> <progress max="1" value="0"></progress>' +
                     '<div class="out"></div>';
      li.querySelector(".fname").textContent = file.name;
      list.appendChild(li);
      return [file, li];
    });
    var chain = Promise.resolve();
    items.forEach(function (pair) {
      chain = chain.then(function () { return uploadOne(pair[0], pair[1]); });
    });
    chain.then(function () {
      var done = document.createElement("p");
      done.setAttribute("role", "status");
      done.className = "ok";
      done.innerHTML = 'All files processed. <a href="/activities">Refresh the list</a>.';
      box.appendChild(done);
      if (window.htmx) {
        htmx.ajax("GET", "/activities", {target: "#activity-table", swap: "innerHTML"});
      }
    });
  }

  function setUpUpload() {
    var form = document.getElementById("upload");
    if (!form) { return; }
    var input = form.querySelector('input[type="file"]');
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      uploadFiles(input.files);
    });
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (e) { e.preventDefault(); form.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function () { form.classList.remove("over"); });
    });
    form.addEventListener("drop", function (e) {
      e.preventDefault();
      uploadFiles(e.dataTransfer.files);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      htmx.config.responseHandling = [
        {code: "204", swap: false},
        {code: "[23]..", swap: true},
        {code: "4..", swap: true, error: false},
        {code: "5..", swap: false, error: true}
      ];
      htmx.config.historyCacheSize = 0;
      document.body.addEventListener("htmx:load", function (e) { renderCharts(e.detail.elt); });
      document.body.addEventListener("htmx:responseError", function () {
        var main = document.getElementById("main");
        var p = document.createElement("p");
        p.className = "alert";
        p.setAttribute("role", "alert");
        p.textContent = "The server could not do that (see the server's log); nothing was changed.";
        main.insertBefore(p, main.firstChild);
      });
    }
    renderCharts(document);
    setUpUpload();
  });
})();
