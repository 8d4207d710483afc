/* The admin's export page (django-import-export): "Alles selecteren" ticks or unticks every
 * field. Replaces the package's inline onchange handler, which the Content-Security-Policy
 * blocks. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var toggle = event.target;
    if (!toggle.matches || !toggle.matches("input.select-toggle")) {
      return;
    }
    document
      .querySelectorAll('.selectable-field-export-row input[type="checkbox"]')
      .forEach(function (checkbox) {
        checkbox.checked = toggle.checked;
      });
  });
})();
