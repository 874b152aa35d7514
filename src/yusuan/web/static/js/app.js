/* yusuan web: CSRF header for htmx, upload with progress, confirmations, charts.
   No inline scripts (the CSP forbids them): chart data comes in <script type="application/json">. */
(function () {
  "use strict";
  var csrf = document.body.dataset.csrf || "";

  document.body.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["X-CSRF-Token"] = csrf;
  });

  // Forms that ask first (delete).
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
    }
  }, true);
  document.querySelectorAll("[data-back]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      if (history.length > 1) { e.preventDefault(); history.back(); }
    });
  });

  // A link to a rule (/rules#N003) opens its documentation.
  var openTarget = function () {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; el.scrollIntoView(); }
  };
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // --- the report: filter findings by severity and family --------------------------------------
  var initFilters = function () {
    var bar = document.getElementById("report-summary");
    if (!bar || bar.dataset.ready) { return; }
    bar.dataset.ready = "1";
    bar.hidden = false;
    var shown = document.getElementById("shown-count");
    var apply = function () {
      var want = function (name) {
        var on = {};
        bar.querySelectorAll("input[name=" + name + "]").forEach(function (i) { on[i.value] = i.checked; });
        return on;
      };
      var sev = want("severity"), fam = want("family");
      var ok = function (el) {
        return sev[el.dataset.severity] !== false && fam[el.dataset.family] !== false;
      };
      var count = 0;
      document.querySelectorAll("#findings .finding-group").forEach(function (group) {
        var any = false;
        group.querySelectorAll(":scope > .finding, :scope > .finding-run").forEach(function (el) {
          var visible = ok(el);
          el.hidden = !visible;
          if (visible) { any = true; count += parseInt(el.dataset.count || "1", 10); }
        });
        group.hidden = !any;
        var nav = document.querySelector('.section-nav li[data-section="' + group.id + '"]');
        if (nav) { nav.hidden = !any; }
      });
      if (shown) { shown.textContent = count; }
    };
    bar.addEventListener("change", apply);
  };
  initFilters();
  document.body.addEventListener("htmx:afterSettle", initFilters);

  // --- upload: drag and drop, progress, then the job page ------------------------------------
  var form = document.getElementById("upload-form");
  if (form) {
    var zone = document.getElementById("dropzone");
    var input = document.getElementById("file-input");
    var shown = document.getElementById("dz-file");
    var bar = document.getElementById("progress-bar");
    var box = document.getElementById("upload-progress");
    var text = document.getElementById("progress-text");
    var pct = document.getElementById("progress-pct");
    var errorBox = document.getElementById("upload-error");
    var max = parseInt(form.dataset.max, 10);

    var fail = function (msg) {
      errorBox.textContent = msg;
      errorBox.hidden = false;
      box.hidden = true;
      form.classList.remove("busy");
    };
    var chosen = function () {
      var files = Array.prototype.slice.call(input.files || []);
      shown.textContent = files.length ? "已选择：" + files.map(function (f) {
        return f.name + "（" + (f.size / 1024).toFixed(1) + " KB）";
      }).join(" + ") : "";
      errorBox.hidden = true;
      return files.length ? files[0] : null;
    };
    input.addEventListener("change", function () { if (chosen()) { send(); } });
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        if (chosen()) { send(); }
      }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (chosen()) { send(); } else { fail("请先选择文件。"); }
    });

    var send = function () {
      var files = Array.prototype.slice.call(input.files || []);
      var f = files[0];
      if (!f) { return; }
      if (files.some(function (g) { return g.size > max; })) {
        fail("文件过大：上限为 " + Math.round(max / 1048576) + " MB。");
        return;
      }
      if (form.classList.contains("busy")) { return; }
      form.classList.add("busy");
      box.hidden = false;
      errorBox.hidden = true;
      var data = new FormData();
      files.forEach(function (g) { data.append("file", g); });
      data.append("csrf_token", csrf);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/check");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var p = Math.round((e.loaded / e.total) * 100);
          bar.style.width = p + "%";
          pct.textContent = p + "%";
        }
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
        if (xhr.status === 202 && body.url) {
          text.textContent = "上传完成，正在检查…";
          bar.style.width = "100%";
          window.location.href = body.url;
        } else {
          fail((body.error && body.error.zh) || ("上传失败（" + xhr.status + "）"));
        }
      });
      xhr.addEventListener("error", function () { fail("网络错误，上传失败。"); });
      text.textContent = "正在上传 " + files.map(function (g) { return g.name; }).join(" + ") + "…";
      xhr.send(data);
    };
  }

  // --- charts ---------------------------------------------------------------------------------
  // Data colours are calm; red is kept for errors and outliers.
  var PALETTE = ["#1f3a5f", "#6f93b8", "#c28e2b", "#3f7f8c", "#8a9bb0", "#7b6a9a", "#a9b7a0", "#b4876a"];
  var FONT = getComputedStyle(document.body).fontFamily;
  var fmt = function (v) {
    return v == null ? "—" : Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  };
  var base = function () {
    return {
      color: PALETTE,
      textStyle: { fontFamily: FONT, color: "#1d2329" },
      animationDuration: 300,
      tooltip: { confine: true, valueFormatter: fmt },
    };
  };
  // A legend that shows every series (wrapping onto more lines, never scrolling them away),
  // below the plot, with room kept for it.
  var legendRows = function (names, width) {
    var per = 0, rows = 1;
    names.forEach(function (n) {
      var w = 28 + 13 * String(n).length;
      if (per + w > width - 20 && per > 0) { rows += 1; per = 0; }
      per += w;
    });
    return rows;
  };
  var grouped = function (d, horizontal, width) {
    var o = base();
    var names = d.series.map(function (s) { return s.name; });
    var rows = legendRows(names, width || 600);
    o.legend = { bottom: 0, type: "plain", data: names };
    o.grid = { left: 10, right: 20, top: 16, bottom: 10 + rows * 22, containLabel: true };
    o.tooltip.trigger = "axis";
    var cat = { type: "category", data: d.categories, axisLabel: { interval: 0, width: 110, overflow: "truncate" } };
    var val = { type: "value", name: d.unit || "万元", axisLabel: { formatter: function (v) { return v.toLocaleString("zh-CN"); } }, splitLine: { lineStyle: { color: "#e3e7eb" } } };
    o.xAxis = horizontal ? val : cat;
    o.yAxis = horizontal ? cat : val;
    o.series = d.series.map(function (s) { return { type: "bar", name: s.name, data: s.data, barMaxWidth: 28 }; });
    o._legendRows = rows;
    return o;
  };
  var builders = {
    treemap: function (d) {
      var o = base();
      o.tooltip.formatter = function (p) { return p.name + "<br>" + fmt(p.value) + " 万元"; };
      o.series = [{
        type: "treemap", data: d.functional, roam: false, nodeClick: "zoomToNode", leafDepth: 2,
        breadcrumb: { show: true, bottom: 0, itemStyle: { color: "#eef1f4", textStyle: { color: "#1d2329" } } },
        label: { show: true, formatter: function (p) { return p.name + "\n" + fmt(p.value); }, fontSize: 12 },
        upperLabel: { show: true, height: 22, color: "#fff", formatter: function (p) { return p.name + "  " + fmt(p.value); } },
        itemStyle: { borderColor: "#fff", borderWidth: 1, gapWidth: 1 },
        levels: [
          { itemStyle: { borderColor: "#fff", borderWidth: 0, gapWidth: 3 }, upperLabel: { show: false } },
          { itemStyle: { borderColor: "rgba(0,0,0,0.12)", borderWidth: 3, gapWidth: 1 }, colorSaturation: [0.25, 0.5] },
          { colorSaturation: [0.3, 0.55], itemStyle: { gapWidth: 1, borderColorSaturation: 0.6 } },
        ],
        top: 4, left: 4, right: 4, bottom: 28,
      }];
      return d.functional.length ? o : null;
    },
    split: function (d) {
      if (!d.split.length) { return null; }
      var o = base();
      o.legend = { bottom: 0 };
      o.tooltip.trigger = "item";
      o.tooltip.formatter = function (p) { return p.name + "：" + fmt(p.value) + " 万元（" + p.percent + "%）"; };
      o.series = [{ type: "pie", radius: ["46%", "70%"], center: ["50%", "46%"], data: d.split.map(function (x, i) {
          return { name: x.name, value: x.value, itemStyle: { color: ["#1f3a5f", "#c28e2b"][i % 2] } };
        }),
        label: { formatter: "{b}\n{d}%" }, itemStyle: { borderColor: "#fff", borderWidth: 2 } }];
      if (d.basic_parts.length) {
        o.series.push({ type: "pie", radius: [0, "32%"], center: ["50%", "46%"],
          data: d.basic_parts.map(function (x, i) {
            return { name: x.name, value: x.value, itemStyle: { color: ["#6f93b8", "#a9bccf"][i % 2] } };
          }),
          label: { position: "inner", formatter: "{b}", fontSize: 11, color: "#fff" },
          itemStyle: { borderColor: "#fff", borderWidth: 1 } });
      }
      return o;
    },
    three: function (d) {
      if (!d.three_public.length) { return null; }
      if (!d.three_public.some(function (x) { return x.value > 0; })) { return "zero"; }
      return grouped({ categories: d.three_public.map(function (x) { return x.name; }),
        series: [{ name: "金额（万元）", data: d.three_public.map(function (x) { return x.value; }) }] }, true);
    },
    "cmp-totals": function (d, w) { return d.totals.categories.length ? grouped(d.totals, false, w) : null; },
    "cmp-three": function (d, w) { return d.three_public.categories.length ? grouped(d.three_public, false, w) : null; },
    "cmp-functional": function (d, w) { return d.functional.categories.length ? grouped(d.functional, false, w) : null; },
    bench: function (d) {
      // One plot per unit of measure (元/人/年 and 元/路/年 never share an axis), stacked.
      if (!d.rows.length) { return null; }
      var groups = {}, order = [];
      d.rows.forEach(function (r) {
        if (!groups[r.measure]) { groups[r.measure] = []; order.push(r.measure); }
        groups[r.measure].push(r);
      });
      var o = base();
      o.legend = { top: 0, data: ["单位成本", "同类中位数"] };
      o.tooltip.trigger = "axis";
      o.tooltip.valueFormatter = function (v) { return fmt(v); };
      o.grid = []; o.xAxis = []; o.yAxis = []; o.series = []; o.title = [];
      var top = 30;
      order.forEach(function (measure, i) {
        var rows = groups[measure];
        var h = rows.length * 22 + 10;
        o.title.push({ text: "单位成本（" + measure + "，对数坐标）", top: top, left: 10, textStyle: { fontSize: 13, fontWeight: 600 } });
        o.grid.push({ left: 10, right: 30, top: top + 26, height: h, containLabel: true });
        o.yAxis.push({ type: "category", inverse: true, gridIndex: i, data: rows.map(function (r) { return r.label; }),
          axisLabel: { width: 300, overflow: "truncate", interval: 0, fontSize: 11 } });
        o.xAxis.push({ type: "log", gridIndex: i, axisLabel: { formatter: function (v) { return v.toLocaleString("zh-CN"); } } });
        o.series.push({ name: "单位成本", type: "bar", barMaxWidth: 18, xAxisIndex: i, yAxisIndex: i,
          data: rows.map(function (r) {
            return { value: r.unit_cost, itemStyle: { color: r.outlier === "high" ? "#9e1b1b" : r.outlier === "low" ? "#c28e2b" : "#5b7fa6" } };
          }) });
        o.series.push({ name: "同类中位数", type: "scatter", symbol: "diamond", symbolSize: 11, itemStyle: { color: "#1d2329" },
          xAxisIndex: i, yAxisIndex: i, data: rows.map(function (r) { return r.median; }) });
        top += 26 + h + 44;
      });
      o._height = top;
      return o;
    },
  };

  var drawCharts = function () {
    var holder = document.getElementById("chart-data");
    if (!holder || !window.echarts) { return; }
    var data = JSON.parse(holder.textContent || "{}");
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var build = builders[el.dataset.chart];
      var option = build ? build(data, el.clientWidth) : null;
      if (!option || option === "zero") {
        // No empty box: one line saying why.
        el.classList.add("chart-none");
        el.innerHTML = '<p class="chart-empty">' + (option === "zero" ? "各项金额均为 0，不绘图" : "文件中没有可绘制的数据") + "</p>";
        return;
      }
      if (option._height) {  // one bar per project: grow with the list
        el.style.setProperty("height", Math.max(360, option._height) + "px", "important");
      } else if (option._legendRows > 1) {
        el.style.setProperty("height", (el.clientHeight + (option._legendRows - 1) * 22) + "px", "important");
      }
      delete option._height;
      delete option._legendRows;
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      el.dataset.rendered = "1";
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  };
  if (document.readyState === "complete") { drawCharts(); } else { window.addEventListener("load", drawCharts); }
})();
