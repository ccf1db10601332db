// Live search: htmx swaps #results; this keeps screen readers and focus sensible.
(function () {
  "use strict";
  // Wide screens have room for every filter: open "More filters" there.
  var more = document.getElementById("more-filters");
  if (more && window.matchMedia("(min-width: 56rem)").matches) more.open = true;

  var announcer = document.getElementById("search-announcer");
  var results = document.getElementById("results");
  if (!announcer || !results) return;

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.target === results) results.setAttribute("aria-busy", "true");
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== results) return;
    results.removeAttribute("aria-busy");
    // Field errors arrive out of band; mark their inputs invalid or valid again.
    document.querySelectorAll("[data-error-for]").forEach(function (box) {
      var input = document.getElementById(box.getAttribute("data-error-for"));
      if (!input) return;
      if (box.textContent.trim()) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
    var count = document.getElementById("results-count");
    // Clear then set, so the same text is announced again.
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = count ? count.textContent.trim() : "Results updated";
    }, 50);
    // A pagination or "try" link inside the results was swapped away with its
    // focus: move focus to the results heading instead of losing it.
    // A change in the form moves focus to the result count only when the
    // form itself was submitted; typing and ticking keep their place.
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    var submitted = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent &&
      event.detail.requestConfig.triggeringEvent.type === "submit";
    if (submitted || (trigger && !document.body.contains(trigger))) {
      var heading = document.getElementById("results-heading");
      if (heading) heading.focus();
    }
  });

  document.body.addEventListener("htmx:responseError", function () {
    results.removeAttribute("aria-busy");
    announcer.textContent = "Sorry, the results could not be updated. Press Search to try again.";
  });
})();
