/* Progressive enhancement for the boards. Everything works without this file:
   filters are also static pages, and "today" is marked at build time.
   With it: today follows the phone's clock, running offers are marked "now",
   and filters switch in place without loading a page, with the filter page's address. */
(function () {
  "use strict";
  var AUDIENCES = ["children", "youth", "families", "adults", "seniors", "everyone"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoDay(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }

  function markToday() {
    var now = new Date();
    var today = document.getElementById("day-" + isoDay(now));
    var section = today && today.parentNode;
    var label = document.querySelector(".today-mark");
    // the build day is marked in the HTML; the phone's clock knows better (pages may be days old)
    document.querySelectorAll(".day.today").forEach(function (el) {
      if (el !== section) { el.classList.remove("today"); }
    });
    if (!section) {
      if (label) { label.parentNode.removeChild(label); }
      return;
    }
    if (!label) {
      label = document.createElement("span");
      label.className = "today-mark";
      label.textContent = today.closest(".weekplan").getAttribute("data-today-label");
    }
    section.classList.add("today");
    if (!section.contains(label)) { today.appendChild(document.createTextNode(" ")); today.appendChild(label); }
    section.querySelectorAll("time[datetime]").forEach(function (t) {
      var start = new Date(t.getAttribute("datetime"));
      var end = new Date(t.getAttribute("data-end"));
      var item = t.closest(".item");
      var mark = item && item.querySelector(".now-mark");
      if (mark && start <= now && now < end && !item.classList.contains("cancelled")) {
        mark.hidden = false;
        item.classList.add("now");
      }
    });
  }

  function matches(el, value) {
    if (!value) { return true; }
    var audience = (el.getAttribute("data-audience") || "").split(" ");
    return el.getAttribute("data-category") === value || audience.indexOf(value) >= 0 ||
      (AUDIENCES.indexOf(value) >= 0 && audience.indexOf("everyone") >= 0);
  }

  function applyFilter(value) {
    document.querySelectorAll(".item[data-audience], .card.offer[data-audience]").forEach(function (el) {
      el.hidden = !matches(el, value);
    });
    // a day or a category left without anything shown says so, like the static filter pages
    document.querySelectorAll(".day").forEach(function (day) {
      var none = !day.querySelector(".item:not([hidden])");
      var list = day.querySelector(".items");
      var note = day.querySelector(".nothing");
      if (list) { list.hidden = none; }
      if (note) { note.hidden = !none; }
      day.classList.toggle("empty", none);
    });
    document.querySelectorAll("#offers .cards").forEach(function (list) {
      var none = !list.querySelector(".card:not([hidden])");
      list.hidden = none;
      if (list.previousElementSibling && list.previousElementSibling.tagName === "H3") {
        list.previousElementSibling.hidden = none;
      }
    });
    document.querySelectorAll(".filters a[data-filter]").forEach(function (a) {
      if (a.getAttribute("data-filter") === value) { a.setAttribute("aria-current", "page"); }
      else { a.removeAttribute("aria-current"); }
    });
  }

  // The address bar shows the static page of the chosen filter, so the filtered board can
  // be shared and comes back on reload. That page lives two folders deeper than the board:
  // relative links are made absolute first, while they still resolve against the board.
  function keepLinks() {
    document.querySelectorAll("a[href]").forEach(function (a) {
      if (a.getAttribute("href").charAt(0) !== "#") { a.setAttribute("href", a.href); }
    });
  }

  function showInAddress(a) {
    if (!window.history || !history.replaceState) { return; }
    var url = a.href.split("#")[0];
    if (url === location.href.split("#")[0]) { return; }
    keepLinks();
    history.replaceState(null, "", url);
  }

  function setupFilters() {
    var nav = document.querySelector(".filters");
    if (!nav || document.body.getAttribute("data-page") !== "board") { return; }
    nav.addEventListener("click", function (event) {
      var a = event.target.closest("a[data-filter]");
      if (!a) { return; }
      event.preventDefault();
      showInAddress(a);
      applyFilter(a.getAttribute("data-filter"));
      var status = document.getElementById("filter-status");
      if (status) { status.textContent = a.textContent; }
    });
  }

  markToday();
  setupFilters();
})();
