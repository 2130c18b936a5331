// On a phone the filters start folded so the results come first; without JavaScript they stay open.
(function () {
  var panel = document.querySelector("details.filters-panel");
  if (panel && window.matchMedia("(max-width: 860px)").matches && !panel.dataset.active) {
    panel.open = false;
  }
})();
