/* Questionnaire builder: drag and drop ordering, modal confirmation dialogs and focus
 * restoration after htmx swaps. Everything here is an enhancement: without JavaScript
 * the move buttons and confirmation pages do the same work with plain form posts. */
(function () {
  "use strict";

  var dragged = null;
  var lastFocusId = null;

  function builder() {
    return document.getElementById("builder");
  }

  /* ---------------------------------------------------------------- order */

  function currentOrder(root) {
    var parts = [];
    root.querySelectorAll("[data-section-id]").forEach(function (section) {
      var ids = [];
      section.querySelectorAll("li.item").forEach(function (item) {
        ids.push(item.id.slice("item-".length));
      });
      parts.push("s" + section.getAttribute("data-section-id") + ":" + ids.join(","));
    });
    return parts.join(";");
  }

  /* The builder's one form (#bf) holds its only CSRF token and lock version. */
  function postOrder(root) {
    var token = root.querySelector("#bf input[name=csrfmiddlewaretoken]");
    var lock = root.querySelector("#bf input[name=lock_version]");
    if (!token || !lock || !window.htmx) {
      return;
    }
    window.htmx.ajax("POST", root.getAttribute("data-reorder-url"), {
      target: "#builder",
      swap: "outerHTML",
      values: {
        order: currentOrder(root),
        lock_version: lock.value,
        csrfmiddlewaretoken: token.value,
      },
    });
  }

  function afterElement(container, selector, y) {
    var candidates = Array.prototype.filter.call(
      container.querySelectorAll(selector),
      function (el) {
        return el !== dragged && el.parentElement === container;
      }
    );
    for (var i = 0; i < candidates.length; i++) {
      var box = candidates[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) {
        return candidates[i];
      }
    }
    return null;
  }

  document.addEventListener("dragstart", function (event) {
    var root = builder();
    if (!root || !root.getAttribute("data-can-edit")) {
      return;
    }
    var head = event.target.closest && event.target.closest(".section-head");
    dragged = head ? head.closest("[data-section-id]") : event.target.closest("li.item");
    if (!dragged) {
      return;
    }
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
    dragged.classList.add("dragging");
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) {
      return;
    }
    var isSection = dragged.hasAttribute("data-section-id");
    var container = isSection
      ? event.target.closest("[data-sortable=sections]")
      : event.target.closest("[data-sortable=items]");
    if (!container) {
      return;
    }
    event.preventDefault();
    var next = afterElement(container, isSection ? "[data-section-id]" : "li.item", event.clientY);
    if (!isSection) {
      var empty = container.querySelector(".item-empty");
      if (empty) {
        empty.remove();
      }
    }
    if (next) {
      container.insertBefore(dragged, next);
    } else {
      container.appendChild(dragged);
    }
  });

  document.addEventListener("drop", function (event) {
    if (dragged) {
      event.preventDefault();
    }
  });

  document.addEventListener("dragend", function () {
    if (!dragged) {
      return;
    }
    dragged.classList.remove("dragging");
    dragged = null;
    var root = builder();
    if (root) {
      postOrder(root);
    }
  });

  /* ---------------------------------------------------------------- dialogs */

  function openDialogs(scope) {
    scope.querySelectorAll("dialog[data-confirm-dialog][open]").forEach(function (dialog) {
      if (typeof dialog.showModal !== "function" || !dialog.closest("#dialog-slot") ||
          dialog.hasAttribute("data-modal")) {
        return;
      }
      dialog.setAttribute("data-modal", "");
      dialog.removeAttribute("open"); // no close event, unlike close()
      dialog.showModal();
      dialog.addEventListener("close", function () {
        dialog.remove();
        restoreFocus();
      });
    });
  }

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest("[data-dialog-cancel]");
    var dialog = cancel && cancel.closest("#dialog-slot dialog");
    if (dialog) {
      event.preventDefault();
      dialog.close();
    }
  });

  /* ---------------------------------------------------------------- focus */

  function restoreFocus() {
    var el = lastFocusId && document.getElementById(lastFocusId);
    if (!el) {
      return;
    }
    // A control inside a disclosure (a section's rename form) comes back closed.
    var details = el.closest("details");
    if (details && !details.open && el.tagName !== "SUMMARY") {
      details.open = true;
    }
    el.focus();
  }

  /* After a removal the control that was used is gone; the server names where to go. */
  function focusAfterRemoval(root) {
    var focusId = root && root.getAttribute("data-focus");
    if (focusId && document.getElementById(focusId)) {
      lastFocusId = focusId;
    }
  }

  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    if (active && active.id && !active.closest("dialog")) {
      lastFocusId = active.id;
    }
  });

  /* ---------------------------------------------------------------- ready */

  /* `data-ready` on #builder: htmx has wired its forms and focus is where it belongs. The
   * server never renders it, so a swapped-in builder gets it after htmx:afterSettle, the
   * page's first builder once htmx has processed the page. Until then a button posts its
   * plain form (the path without JavaScript) and the page reloads: the browser tests wait
   * for this before they use the keyboard. */
  function markReady() {
    var root = builder();
    if (!root) {
      return;
    }
    /* Rows and section heads become draggable here, not in the markup of every row. */
    if (root.getAttribute("data-can-edit")) {
      root.querySelectorAll(".item, .section-head").forEach(function (el) {
        el.draggable = true;
      });
    }
    root.setAttribute("data-ready", "");
  }

  document.addEventListener("htmx:load", function (event) {
    if (event.target === document.body) {
      markReady();
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    openDialogs(document);
    /* The set picker was loaded on demand: the user goes on typing in its search field. */
    if (event.detail.target && event.detail.target.id === "set-picker-slot") {
      var search = document.getElementById("set-search");
      if (search) {
        search.focus();
      }
      return;
    }
    if (!event.detail.target || event.detail.target.id !== "builder") {
      return;
    }
    if (!document.querySelector("#dialog-slot dialog")) {
      focusAfterRemoval(builder());
      restoreFocus();
    }
    markReady();
  });
})();
