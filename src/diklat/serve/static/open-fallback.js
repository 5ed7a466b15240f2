// When the browser blocks a tab the app opens (the upload page, a download): the app
// asks for it in answer to a websocket message, not to a click, and a strict popup
// blocker (Safari's, or a setting) refuses such a window.open. The page then shows the
// address as a link, which a click opens.
(function () {
  "use strict";
  const open = window.open.bind(window);
  function offer(url) {
    const bar = document.getElementById("popup-blocked");
    if (!bar) return;
    let target;
    try {
      target = new URL(url, window.location.href);
    } catch (e) {
      return;
    }
    if (target.protocol !== "https:" && target.protocol !== "http:") return;
    const link = bar.querySelector("a");
    link.href = target.href;
    bar.hidden = false;
  }
  window.open = function (url, name, features) {
    const opened = open(url, name, features);
    if (!opened && typeof url === "string" && url) offer(url);
    return opened;
  };
  document.addEventListener("DOMContentLoaded", function () {
    const bar = document.getElementById("popup-blocked");
    if (!bar) return;
    bar.querySelector("a").addEventListener("click", function () {
      bar.hidden = true;
    });
    bar.querySelector("button").addEventListener("click", function () {
      bar.hidden = true;
    });
  });
})();
