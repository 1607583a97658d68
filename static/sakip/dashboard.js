// The dashboard's charts (templates/dashboard/dashboard.html), drawn with the vendored Chart.js 4
// from the numbers the page passes with json_script (sakip/dashboard/charts.py). No inline script:
// the CSP allows only our own files. Every chart has a table with the same numbers on the page.
(function () {
  "use strict";

  function percent(value) {
    if (value === null || value === undefined) {
      return "n/a";
    }
    return value.toLocaleString("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + "%";
  }

  function datasetsOf(spec) {
    return spec.datasets.map(function (set) {
      var colour = set.colors || set.color;
      var dataset = {
        label: set.label,
        data: set.data,
        backgroundColor: colour,
        borderColor: set.color || colour,
        skipNull: true,
      };
      if (spec.kind === "line") {
        dataset.pointBackgroundColor = set.pointColors || set.color;
        dataset.pointRadius = 6;
        dataset.spanGaps = false;
        dataset.tension = 0;
      }
      return dataset;
    });
  }

  function sizeOf(spec, box) {
    // Horizontal bars: a row per label; other charts a fixed height.
    var height = spec.horizontal ? Math.max(160, spec.labels.length * 30 + 70) : 260;
    box.style.height = height + "px";
  }

  function draw(spec) {
    var canvas = document.getElementById("chart-" + spec.id);
    if (!canvas || !spec.labels.length) {
      if (canvas) {
        canvas.parentElement.hidden = true;
      }
      return;
    }
    sizeOf(spec, canvas.parentElement);
    var valueAxis = spec.horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = { beginAtZero: true, stacked: !!spec.stacked };
    scales[valueAxis === "x" ? "y" : "x"] = { stacked: !!spec.stacked };
    if (spec.percent) {
      scales[valueAxis].ticks = {
        callback: function (value) {
          return value + "%";
        },
      };
    } else {
      scales[valueAxis].ticks = { precision: 0 };
    }
    var links = spec.links || [];
    new window.Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: datasetsOf(spec) },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        responsive: true,
        animation: false,
        locale: "id-ID",
        scales: scales,
        // A bar leads to the indicators behind it (the same links as the table's rows).
        onClick: function (event, elements) {
          if (elements.length && links[elements[0].index]) {
            window.location.href = links[elements[0].index];
          }
        },
        onHover: function (event, elements) {
          canvas.style.cursor = elements.length && links[elements[0].index] ? "pointer" : "default";
        },
        plugins: {
          title: { display: true, text: spec.title },
          legend: { display: spec.datasets.length > 1 || spec.kind === "line", position: "bottom" },
          tooltip: {
            callbacks: {
              title: function (items) {
                return items.length ? spec.notes[items[0].dataIndex] || items[0].label : "";
              },
              label: function (item) {
                var raw = spec.horizontal ? item.parsed.x : item.parsed.y;
                return item.dataset.label + ": " + (spec.percent ? percent(raw) : raw);
              },
            },
          },
        },
      },
    });
  }

  function start() {
    var source = document.getElementById("dashboard-charts");
    if (!source || !window.Chart) {
      return;
    }
    JSON.parse(source.textContent).forEach(draw);
    // The tables stay open without JavaScript (they are then the only view); once the charts are
    // drawn, each table waits behind its "Tabel" switch so the page reads as an overview.
    document.querySelectorAll("details[data-chart-table]").forEach(function (table) {
      table.open = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
