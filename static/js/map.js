// Maps of numbered places (results, clinics), drawn with the vendored Leaflet.
// Without a tile server the base is the US state outlines from us-atlas.
(function () {
  "use strict";
  if (!window.L) return;
  var statesCache = null;

  function states(url) {
    if (!statesCache) {
      statesCache = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("states " + r.status);
        return r.json();
      }).then(function (us) {
        return window.topojson.feature(us, us.objects.states);
      });
    }
    return statesCache;
  }

  function markerIcon(number) {
    return L.divIcon({
      className: "map-marker",
      html: "<span>" + String(number) + "</span>",
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      popupAnchor: [0, -14],
    });
  }

  function popup(m) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = m.url;
    link.textContent = m.number + ". " + m.name;
    var place = document.createElement("div");
    place.textContent = m.place;
    box.appendChild(link);
    box.appendChild(place);
    return box;
  }

  function draw(element) {
    if (element.dataset.drawn) return;
    var source = document.getElementById(element.dataset.map);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    if (!data.markers.length && !data.circle) return;
    var figure = element.closest("[data-map-figure]");
    if (figure) figure.hidden = false;
    element.dataset.drawn = "1";
    var map = L.map(element, { scrollWheelZoom: false, attributionControl: true });
    // Set the view before adding layers: they project through it.
    var bounds = L.latLngBounds([]);
    if (data.circle) {
      bounds.extend(
        L.latLng(data.circle.lat, data.circle.lon).toBounds(data.circle.miles * 1609.344 * 2)
      );
    }
    data.markers.forEach(function (m) { bounds.extend([m.lat, m.lon]); });
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
    else map.setView([39.8, -98.6], 4);
    if (data.tiles.url) {
      L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 18 }).addTo(map);
    } else {
      map.attributionControl.addAttribution("State outlines: US Census Bureau via us-atlas");
      states(element.dataset.states).then(function (geo) {
        var layer = L.geoJSON(geo, {
          style: { color: "#6b7c78", weight: 1, fillColor: "#f3f6f5", fillOpacity: 1 },
          interactive: false,
        }).addTo(map);
        layer.bringToBack();
        element.setAttribute("data-states-drawn", String(geo.features.length));
      }).catch(function () { /* the markers still show where */ });
    }
    if (data.circle) {
      L.circle([data.circle.lat, data.circle.lon], {
        radius: data.circle.miles * 1609.344,
        color: "#0f5c55",
        weight: 2,
        fillOpacity: 0.06,
        interactive: false,
      }).addTo(map);
    }
    data.markers.forEach(function (m) {
      var label = m.number + ". " + m.name + ", " + m.place;
      var marker = L.marker([m.lat, m.lon], {
        icon: markerIcon(m.number),
        title: label,
        alt: label,
        keyboard: true,
        riseOnHover: true,
      }).addTo(map);
      marker.bindPopup(popup(m));
      var el = marker.getElement();
      if (el) {
        el.setAttribute("aria-label", label);
        el.setAttribute("data-marker-number", String(m.number));
      }
    });
  }

  function drawAll() {
    document.querySelectorAll("[data-map]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  if (document.readyState !== "loading") drawAll();
  // The search swaps its results (and their map) in place.
  document.body.addEventListener("htmx:afterSwap", drawAll);
})();
