/* Conformance check: move focus to the error summary (or the result) after a submit, so
   keyboard and screen-reader users land on what changed. No inline script (CSP). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector("[data-focus-on-load]");
    if (target) {
      target.focus();
    }
  });
})();
