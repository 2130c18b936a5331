// The progress component (templates/jobs/_progress.html): while a job runs, asks the server
// for its progress every second and moves the bar; the status (a live region) is rewritten
// when the state changes and every tenth of the way, so that a screen reader is not made to
// read it every second. Once the job is finished the page reloads and shows what it did.
// Without JavaScript the component offers a refresh link instead.
(function () {
  "use strict";

  function follow(box) {
    var bar = box.querySelector("progress");
    var state = box.querySelector("[data-job-state]");
    var count = box.querySelector("[data-job-count]");
    var step = Math.floor(bar.value / 10);

    function show(progress) {
      bar.value = progress.percent;
      bar.textContent = progress.percent + " %";
      var now = Math.floor(progress.percent / 10);
      if (state.textContent !== progress.state_label || now !== step) {
        state.textContent = progress.state_label;
        count.textContent = progress.count_label;
        step = now;
      }
    }

    function poll() {
      fetch(box.dataset.jobProgress, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (progress) {
          show(progress);
          if (progress.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }

    window.setTimeout(poll, 1000);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-job-active]"), follow);
})();
