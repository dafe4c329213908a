// Sarhad UI: the map (Leaflet over vendored outlines, no tiles) and the dashboard charts
// (Chart.js). Pages work without this file: the map's data and the charts' numbers are
// tables in the page, which this script reads.
(function () {
  "use strict";

  var map, pointLayer;

  function num(el, name) { return parseFloat(el.getAttribute("data-" + name)) || 0; }

  function drawPoints() {
    var results = document.getElementById("map-results");
    if (!map || !results) return;
    var size = results.getAttribute("data-size") || "events";
    var rows = results.querySelectorAll("#map-data tbody tr[data-lat]");
    var max = 1;
    rows.forEach(function (r) { max = Math.max(max, num(r, size)); });
    if (pointLayer) pointLayer.remove();
    pointLayer = L.layerGroup();
    var drawn = 0;
    rows.forEach(function (r) {
      var v = num(r, size);
      var radius = v > 0 ? 4 + 22 * Math.sqrt(v / max) : 3;
      var m = L.circleMarker([num(r, "lat"), num(r, "lon")], {
        radius: radius, color: "#7c2d12", weight: 1, fillColor: "#c2410c", fillOpacity: 0.55, className: "event-point"
      });
      m.bindTooltip(r.getAttribute("data-name") + ": " + num(r, "events") + " events, " + num(r, "killed") + " killed");
      var href = r.getAttribute("data-href");
      if (href) m.on("click", function () { window.location.href = href; });
      m.addTo(pointLayer);
      drawn++;
    });
    pointLayer.addTo(map);
    document.getElementById("map").setAttribute("data-points", String(drawn));
  }

  function drawCrossings() {
    var layer = L.layerGroup();
    document.querySelectorAll("#crossings tbody tr[data-lat]").forEach(function (r) {
      L.circleMarker([num(r, "lat"), num(r, "lon")], {
        radius: 4, color: "#1f5f8b", weight: 2, fillColor: "#fff", fillOpacity: 1, className: "crossing-point"
      }).bindTooltip("Crossing: " + r.getAttribute("data-name") + " (" + r.getAttribute("data-note") + ")").addTo(layer);
    });
    layer.addTo(map);
  }

  function initMap() {
    var el = document.getElementById("map");
    if (!el || !window.L) return;
    map = L.map(el, { minZoom: 4, maxZoom: 11, zoomSnap: 0.25, attributionControl: true, maxBounds: [[12, 46], [46, 96]] });
    map.fitBounds([[23.6, 60.8], [37.1, 77.8]]);
    map.attributionControl.setPrefix("").addAttribution("Outlines: Natural Earth");
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () {
      var d = L.DomUtil.create("div", "map-legend");
      d.innerHTML = '<span class="dot"></span>events by district (size: events or killed)<br>' +
        '<span class="ring"></span>border crossing with Afghanistan or Iran';
      return d;
    };
    legend.addTo(map);
    fetch(el.getAttribute("data-outlines"), { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (gj) {
      L.geoJSON(gj, {
        interactive: false,
        style: function (f) {
          return f.properties.kind === "country"
            ? { color: "#b9b5a8", weight: 1, fillColor: "#e6e4dc", fillOpacity: 1 }
            : { color: "#6b7280", weight: 1.2, fillColor: "#f7f5ee", fillOpacity: 1 };
        }
      }).addTo(map);
      [["Afghanistan", 33.5, 65.5], ["Iran", 29.5, 58.5], ["India", 27.5, 75.5], ["China", 37.2, 79.5], ["Arabian Sea", 23.4, 64.5]].forEach(function (c) {
        L.tooltip({ permanent: true, direction: "center", className: "map-label", interactive: false })
          .setLatLng([c[1], c[2]]).setContent(c[0]).addTo(map);
      });
      [["Khyber Pakhtunkhwa", 34.9, 72.1], ["Balochistan", 28.4, 65.6], ["Punjab", 30.6, 72.6], ["Sindh", 26.2, 68.5], ["Gilgit-Baltistan", 36.1, 75.2]].forEach(function (c) {
        L.tooltip({ permanent: true, direction: "center", className: "map-label province", interactive: false })
          .setLatLng([c[1], c[2]]).setContent(c[0]).addTo(map);
      });
      drawCrossings();
      drawPoints();
      el.setAttribute("data-ready", "1");
    }).catch(function () { el.setAttribute("data-ready", "error"); });
  }

  function initCharts() {
    var data = document.getElementById("chart-data");
    if (!data || !window.Chart) return;
    var d = JSON.parse(data.textContent);
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    new Chart(document.getElementById("chart-trend"), {
      data: {
        labels: d.months,
        datasets: [
          { type: "bar", label: "Security forces killed", data: d.security, backgroundColor: "#1f5f8b", stack: "k" },
          { type: "bar", label: "Civilians killed", data: d.civilians, backgroundColor: "#c2410c", stack: "k" },
          { type: "bar", label: "Militants killed", data: d.militants, backgroundColor: "#9ca3af", stack: "k" },
          { type: "line", label: "Attacks", data: d.attacks, borderColor: "#111827", backgroundColor: "#111827", yAxisID: "y1", tension: 0.2, pointRadius: 2 }
        ]
      },
      options: {
        maintainAspectRatio: false,
        plugins: { title: { display: true, text: "Killed by category and attacks, by month" } },
        scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: "killed" } },
          y1: { position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "attacks" } } }
      }
    });
    new Chart(document.getElementById("chart-provinces"), {
      type: "bar",
      data: {
        labels: d.provinces,
        datasets: [
          { label: d.month, data: d.provinceMonth, backgroundColor: "#c2410c" },
          { label: d.year + " to date", data: d.provinceYTD, backgroundColor: "#9ca3af" }
        ]
      },
      options: { indexAxis: "y", maintainAspectRatio: false, plugins: { title: { display: true, text: "Attacks by province" } } }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initMap();
    initCharts();
  });
  // Filters are GET forms: leave their empty fields out of the request and of the pushed URL.
  document.addEventListener("htmx:configRequest", function (e) {
    if (e.detail.verb !== "get" || !e.detail.formData) return;
    var empty = [];
    e.detail.formData.forEach(function (v, k) { if (v === "") empty.push(k); });
    empty.forEach(function (k) { e.detail.formData.delete(k); });
  });

  // After htmx swapped new results in (an outerHTML swap replaces the element, so look it
  // up again rather than trusting the event's target).
  document.addEventListener("htmx:afterSettle", function () {
    if (document.getElementById("map-results")) drawPoints();
  });
})();
