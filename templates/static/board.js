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

  // The first screen's "today" box: the real day's entries, from the week plan when the
  // page was built on another day; ended entries leave it, running ones are marked "now".
  function todayBox() {
    var box = document.querySelector(".today-box");
    if (!box) { return; }
    var now = new Date();
    var day = document.getElementById("day-" + isoDay(now));
    var list = box.querySelector(".today-list");
    if (box.getAttribute("data-day") !== isoDay(now) && day && list) {
      var items = day.parentNode.querySelector(".items");
      var heading = box.querySelector("h2 small");
      list.textContent = "";
      if (items) { list.appendChild(items.cloneNode(true)); }
      else {
        var nothing = document.createElement("p");
        nothing.className = "nothing";
        nothing.textContent = day.parentNode.querySelector(".nothing").textContent;
        list.appendChild(nothing);
      }
      if (heading) { heading.textContent = day.textContent.replace(/\s+/g, " ").trim(); }
      box.setAttribute("data-day", isoDay(now));
    }
    var left = 0;
    box.querySelectorAll(".item").forEach(function (item) {
      var t = item.querySelector("time[datetime]");
      if (!t) { return; }
      var start = new Date(t.getAttribute("datetime"));
      var end = new Date(t.getAttribute("data-end"));
      var mark = item.querySelector(".now-mark");
      if (end <= now && box.getAttribute("data-day") === isoDay(now)) { item.classList.add("over"); return; }
      left += 1;
      if (mark && start <= now && now < end && !item.classList.contains("cancelled")) {
        mark.hidden = false;
        item.classList.add("now");
      }
    });
    if (!left && box.querySelector(".item") && !box.querySelector(".nothing")) {
      var done = document.createElement("p");
      done.className = "nothing";
      done.textContent = box.getAttribute("data-nothing-label");
      list.insertBefore(done, list.firstChild);
      // and what comes next: the next day of the week plan that has something on
      var next = day && day.parentNode.nextElementSibling;
      while (next && !next.querySelector(".items")) { next = next.nextElementSibling; }
      if (next) {
        var title = document.createElement("h3");
        title.textContent = next.querySelector("h2, h3").textContent.replace(/\s+/g, " ").trim();
        list.appendChild(title);
        list.appendChild(next.querySelector(".items").cloneNode(true));
      }
    }
  }

  function matches(el, value) {
    if (!value) { return true; }
    var audience = (el.getAttribute("data-audience") || "").split(" ");
    // the city-wide list filters also by weekday and quarter (render/citywide.py, filters_of)
    var days = (el.getAttribute("data-days") || "").split(" ");
    // age bands an offer's age range falls into (render/pages.py, AGE_BANDS)
    var ages = (el.getAttribute("data-ages") || "").split(" ");
    return el.getAttribute("data-category") === value || audience.indexOf(value) >= 0 ||
      ages.indexOf(value) >= 0 ||
      (AUDIENCES.indexOf(value) >= 0 && audience.indexOf("everyone") >= 0) ||
      days.indexOf(value) >= 0 || el.getAttribute("data-where") === value;
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
    var kind = document.body.getAttribute("data-page");
    if (!nav || (kind !== "board" && kind !== "offers")) { return; }
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

  todayBox();
  markToday();
  setupFilters();
})();
