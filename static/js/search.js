/* Catalogue search: keep the search box and the facets in step with htmx updates.
   No inline script (CSP). Works on the markup of questionsets/search.html. */
(function () {
  "use strict";

  // Leaving the search box (by clicking a facet) fires "change" on it; the form must not
  // search then, or its response replaces the facets under the visitor's click. Typing
  // searches after a pause and Enter submits, so nothing is lost.
  document.addEventListener("change", function (event) {
    if (event.target.id === "search-q") {
      event.stopPropagation();
    }
  }, true);

  // Facets the visitor opened stay open when the results are swapped.
  var openFacets = [];
  document.addEventListener("htmx:beforeSwap", function () {
    openFacets = Array.prototype.map.call(
      document.querySelectorAll("details.facet[open]"),
      function (details) { return details.dataset.facet; }
    );
  });
  document.addEventListener("htmx:afterSwap", function () {
    openFacets.forEach(function (name) {
      var details = document.querySelector('details.facet[data-facet="' + name + '"]');
      if (details) {
        details.open = true;
      }
    });
  });

  // Back and Forward restore a stored copy of the page: show the query of its URL.
  document.addEventListener("htmx:historyRestore", function () {
    var box = document.getElementById("search-q");
    if (box) {
      box.value = new URLSearchParams(window.location.search).get("q") || "";
    }
  });
})();
