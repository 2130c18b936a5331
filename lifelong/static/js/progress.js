// The progress of issuing certificates in bulk: asks the server every second while the run
// is going, moves the bar, and reloads the page (with its table of codes) when it is done.
// Without JavaScript the page offers a refresh link instead.
(function () {
  "use strict";
  var run = document.querySelector("[data-run-active]");
  if (!run) { return; }
  var bar = run.querySelector("[data-run-bar]");
  var state = run.querySelector("[data-run-state]");
  var count = run.querySelector("[data-run-count]");

  function poll() {
    fetch(run.dataset.runUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (progress) {
        bar.value = progress.percent;
        bar.textContent = progress.percent + " %";
        state.textContent = progress.state_label;
        count.textContent = progress.done + " / " + progress.total;
        if (progress.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 1000);
})();
