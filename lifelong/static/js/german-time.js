// Deadlines are shown in German time. For a visitor whose browser keeps another time zone,
// say so, and when that is where they are. Without JavaScript the note stays hidden.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone || zone === "Europe/Berlin") {
    return;
  }
  var language = document.documentElement.lang === "de" ? "de-DE" : "en-GB";
  var format = new Intl.DateTimeFormat(language, {
    day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone
  });
  document.querySelectorAll("[data-german-time]").forEach(function (note) {
    var moment = new Date(note.dataset.germanTime);
    var local = note.querySelector("[data-local-time]");
    if (local && !isNaN(moment.getTime())) {
      local.textContent = local.dataset.localTime.replace("{local}", format.format(moment));
    }
    note.hidden = false;
  });
})();
