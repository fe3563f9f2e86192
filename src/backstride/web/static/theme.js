// The colour scheme: the browser's (auto), or the runner's choice kept in this browser.
(function () {
  var KEY = "backstride-theme";
  var root = document.documentElement;
  function stored() {
    try { return localStorage.getItem(KEY) || "auto"; } catch (e) { return "auto"; }
  }
  function apply(choice) {
    if (choice === "light" || choice === "dark") root.setAttribute("data-theme", choice);
    else root.removeAttribute("data-theme");
  }
  apply(stored());
  var NEXT = { auto: "dark", dark: "light", light: "auto" };
  var WORDS = { auto: "Colours: as your device", dark: "Colours: dark", light: "Colours: light" };
  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector('nav[aria-label="Main"] a[aria-current="page"]');
    if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest", inline: "nearest" });
    var button = document.getElementById("theme-switch");
    if (!button) return;
    button.hidden = false;
    button.textContent = WORDS[stored()];
    button.addEventListener("click", function () {
      var choice = NEXT[stored()] || "auto";
      try { localStorage.setItem(KEY, choice); } catch (e) { /* private mode: this page only */ }
      apply(choice);
      button.textContent = WORDS[choice];
    });
  });
})();
