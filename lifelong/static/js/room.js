// The room screen: fetch the next QR code when the current one is about to change, and
// keep the count of people checked in up to date. Without JavaScript the page reloads.
(function () {
  "use strict";
  var room = document.querySelector("[data-room]");
  var code = document.querySelector("[data-room-code]");
  var count = document.querySelector("[data-room-checked-in]");
  var script = document.currentScript;
  if (!room) { return; }

  function refresh() {
    fetch(room.dataset.codeUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (code) { code.innerHTML = state.svg; }
        count.textContent = String(state.checked_in);
        schedule(state.seconds_left);
      })
      .catch(function () { schedule(5); });
  }

  function schedule(seconds) {
    window.setTimeout(refresh, Math.max(1, seconds) * 1000 + 200);
  }

  schedule(Number(script.dataset.secondsLeft || 30));
})();
