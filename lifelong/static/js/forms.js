// Every form of the site (templates/forms/): the error summary and the counters of long texts.
(function () {
  "use strict";
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "en");

  // A refused form opens with its error summary focused, so a screen reader reads it first.
  // Its links go to the field: the label (or the question of a group) scrolled into view,
  // the focus in the input.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!input || typeof input.focus !== "function") return;
      event.preventDefault();
      var field = input.closest(".field");
      var heading = field && field.querySelector("legend, label");
      (heading || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  // A long text's counter: "1,234 of 5,000 characters" as the person types, and once the text
  // is too long, what to do about it. Nothing is cut; the server refuses the same way. A
  // screen reader hears the count only near the limit, when typing pauses, and at once when
  // a paste goes over it.
  var NEAR = 0.9;
  var PAUSE_MS = 1000;
  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var area = document.getElementById(counter.dataset.counterFor);
    if (!area) return;
    var limit = Number(counter.dataset.limit);
    var count = counter.querySelector(".field__count");
    var over = counter.querySelector(".field__over");
    var news = counter.querySelector("[data-counter-news]");
    var pause = null;

    var described = (area.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (described.indexOf(count.id) < 0) {
      area.setAttribute("aria-describedby", described.concat(count.id).join(" "));
    }

    function say(text, length) {
      return text
        .replace("{length}", numbers.format(length))
        .replace("{limit}", numbers.format(limit));
    }

    function show(length, edited) {
      var tooLong = length > limit;
      count.textContent = say(counter.dataset.countText, length);
      counter.classList.toggle("field__counter--over", tooLong);
      // On a page the server sent back, its own error under the field says it already.
      over.hidden = !(tooLong && edited);
      over.textContent = over.hidden ? "" : say(counter.dataset.overText, length);
    }

    function tell(length, atOnce) {
      clearTimeout(pause);
      if (length < limit * NEAR) return;
      var text = length > limit ? over.textContent : count.textContent;
      pause = setTimeout(function () { news.textContent = text; }, atOnce ? 0 : PAUSE_MS);
    }

    area.addEventListener("input", function (event) {
      var length = Array.from(area.value).length;
      show(length, true);
      tell(length, event.inputType === "insertFromPaste" || event.inputType === "insertFromDrop");
    });
    show(Array.from(area.value).length, false);
  });
})();
