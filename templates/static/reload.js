// Reload a page that shows work still running (the import's progress): the element with
// data-reload-seconds says how often. Without JavaScript the page has a link that does the same.
(function () {
  var el = document.querySelector("[data-reload-seconds]");
  if (!el) return;
  var s = parseInt(el.getAttribute("data-reload-seconds"), 10);
  if (!(s > 0)) return;
  setTimeout(function () { window.location.reload(); }, s * 1000);
})();
