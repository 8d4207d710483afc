/* The concept map at "/": choosing a concept (click, tap, or Tab and Enter) highlights
   its relations, names their kind on the related concepts, and loads its panel beside the
   map. The address becomes /?begrip=<slug>, so the view can be shared, and Back and
   Forward step through the chosen concepts. Without this script every concept is a plain
   link to its page, and /?begrip=<slug> is rendered the same way by the server. */
(function () {
  "use strict";
  var map = document.querySelector("[data-concept-map]");
  var panel = document.getElementById("concept-panel");
  if (!map || !panel || !window.fetch || !window.history.pushState) return;
  var status = document.getElementById("map-status");
  var template = document.getElementById("concept-panel-intro");
  var intro = template ? template.innerHTML : null;
  var request = 0;

  function slugFromLocation() {
    return new URLSearchParams(window.location.search).get("begrip") || "";
  }

  function nodeFor(slug) {
    var nodes = map.querySelectorAll(".map-node");
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].dataset.slug === slug) return nodes[i];
    }
    return null;
  }

  function each(selector, callback) {
    Array.prototype.forEach.call(map.querySelectorAll(selector), callback);
  }

  function highlight(slug) {
    each(".is-focus, .is-related, .is-active", function (el) {
      el.classList.remove("is-focus", "is-related", "is-active");
    });
    each("[aria-current]", function (el) { el.removeAttribute("aria-current"); });
    var node = slug ? nodeFor(slug) : null;
    map.classList.toggle("has-focus", Boolean(node));
    if (!node) return 0;
    node.classList.add("is-focus");
    node.setAttribute("aria-current", "true");
    var count = 0;
    each(".map-edge", function (edge) {
      if (edge.dataset.source === slug || edge.dataset.target === slug) {
        edge.classList.add("is-active");
        edge.parentNode.appendChild(edge); // drawn last: on top of the others
        count++;
      }
    });
    each(".map-node__tag", function (tag) {
      if (tag.dataset.partner === slug) {
        tag.classList.add("is-active");
        tag.closest(".map-node").classList.add("is-related");
      }
    });
    return count;
  }

  function announce(text) {
    if (status) status.textContent = text;
  }

  function showIntro() {
    if (intro !== null) panel.innerHTML = intro;
    panel.removeAttribute("data-concept");
  }

  function choose(slug, options) {
    var node = nodeFor(slug);
    if (!node) return;
    var count = highlight(slug);
    var mine = ++request;
    panel.setAttribute("aria-busy", "true");
    fetch(node.dataset.panelUrl, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        if (mine !== request) return;
        panel.innerHTML = html;
        panel.removeAttribute("aria-busy");
        panel.setAttribute("data-concept", slug);
        announce(node.getAttribute("aria-label") + ": " + map.dataset.relationsLabel.replace("{n}", count));
        if (options.focus) {
          var heading = panel.querySelector("h2");
          if (heading) heading.focus();
        }
      })
      .catch(function () {
        if (mine !== request) return;
        window.location.href = node.getAttribute("href"); // fall back to the concept page
      });
    if (options.push) {
      var url = map.dataset.homeUrl + "?begrip=" + encodeURIComponent(slug);
      window.history.pushState({ begrip: slug }, "", url);
    }
  }

  function clear(options) {
    request++;
    highlight("");
    showIntro();
    announce("");
    if (options.push) window.history.pushState({ begrip: "" }, "", map.dataset.homeUrl);
  }

  map.addEventListener("click", function (event) {
    var node = event.target.closest(".map-node");
    if (!node || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    if (node.dataset.slug === slugFromLocation()) {
      var heading = panel.querySelector("h2");
      if (heading) heading.focus();
      return;
    }
    choose(node.dataset.slug, { push: true, focus: true });
  });

  panel.addEventListener("click", function (event) {
    var link = event.target.closest("[data-choose], [data-panel-close]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (link.hasAttribute("data-panel-close")) {
      var previous = nodeFor(slugFromLocation());
      clear({ push: true });
      if (previous) previous.focus();
      return;
    }
    choose(link.dataset.choose, { push: true, focus: true });
  });

  window.addEventListener("popstate", function () {
    var slug = slugFromLocation();
    if (slug && nodeFor(slug)) choose(slug, { push: false, focus: false });
    else clear({ push: false });
  });

  window.history.replaceState({ begrip: slugFromLocation() }, "", window.location.href);
  map.setAttribute("data-ready", "");
})();
