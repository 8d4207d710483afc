// A filter box above a long <select data-filterable> (the 342 municipalities): typing
// hides the options that do not match; the select itself stays a native, keyboard- and
// screen-reader-friendly control. Without JavaScript the select works on its own.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function enhance(select) {
    var lang = document.documentElement.lang || "nl";
    var english = lang.indexOf("en") === 0;
    var wrapper = document.createElement("div");
    wrapper.className = "municipality-filter";
    var label = document.createElement("label");
    var input = document.createElement("input");
    var status = document.createElement("p");
    input.type = "search";
    input.id = select.id + "-filter";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    label.htmlFor = input.id;
    label.textContent = english ? "Filter the list of municipalities" : "Zoek in de lijst met gemeenten";
    status.className = "filter-status";
    status.id = select.id + "-filter-status";
    status.setAttribute("role", "status");
    input.setAttribute("aria-describedby", status.id);
    wrapper.append(label, input, status);
    select.parentNode.insertBefore(wrapper, select);
    input.addEventListener("input", function () {
      var query = fold(input.value.trim());
      var shown = 0, last = null;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) { return; }
        var match = !query || fold(option.text).indexOf(query) !== -1;
        option.hidden = !match;
        if (match) { shown += 1; last = option; }
      });
      if (shown === 1 && last) { last.selected = true; }
      status.textContent = !query ? "" : english
        ? shown + (shown === 1 ? " municipality found" : " municipalities found")
        : shown + (shown === 1 ? " gemeente gevonden" : " gemeenten gevonden");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-filterable]").forEach(enhance);
  });
})();
