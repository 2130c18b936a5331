// The check-in desk without page reloads: the list filters as you type, and a tap or a
// scanned pass code is sent in the background and shown in place. Without JavaScript the
// same forms post and the page reloads with a message.
(function () {
  "use strict";
  var roster = document.querySelector("[data-roster]");
  var status = document.querySelector("[data-desk-status]");
  var counter = document.querySelector("[data-checked-in]");
  var search = document.querySelector("[data-search]");
  var noMatch = document.querySelector("[data-no-match]");
  if (!roster) { return; }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/ß/g, "ss").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function filter() {
    var wanted = fold(search.value);
    var shown = 0;
    roster.querySelectorAll("[data-row]").forEach(function (row) {
      var match = !wanted || row.dataset.searchKey.indexOf(wanted) !== -1;
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    noMatch.hidden = shown !== 0;
  }

  if (search) {
    search.addEventListener("input", filter);
    document.querySelector("[data-search-button]").hidden = true;
    document.querySelector("[data-search-form]").addEventListener("submit", function (event) {
      event.preventDefault();
      filter();
    });
  }

  function countCheckedIn() {
    var count = 0;
    roster.querySelectorAll("[data-row]").forEach(function (row) {
      if (row.dataset.status === "present" || row.dataset.status === "late") { count += 1; }
    });
    counter.textContent = String(count);
  }

  function show(message, ok) {
    status.textContent = message;
    status.className = "desk-status " + (ok ? "desk-status--ok" : "desk-status--error");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("js-desk")) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      show(answer.message, answer.ok);
      if (answer.ok && answer.application) {
        var row = roster.querySelector('[data-row="' + answer.application + '"]');
        if (row) {
          row.dataset.status = answer.status;
          row.querySelector("[data-status-label]").textContent =
            answer.status_label || roster.dataset.notYet || "–";
          row.classList.add("roster__row--changed");
        }
        countCheckedIn();
      }
      if (form.hasAttribute("data-pass-form")) {
        form.reset();
        form.querySelector("input[name=code]").focus();
      }
    }).catch(function () {
      show(roster.dataset.offline, false);
    }).finally(function () {
      if (button) { button.disabled = false; }
    });
  });
})();
