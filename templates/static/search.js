/* The search, loaded by find.js when the box is used: Pagefind's index of this language,
   results with quarter, place, days and times, in the page's direction. */
(function () {
  "use strict";
  var link = document.querySelector("a.search-link");
  var index = link.getAttribute("data-index");
  var root = index.replace(/pagefind\/pagefind\.js$/, "");
  var lang = link.getAttribute("data-lang");
  var form = document.createElement("form");
  form.id = "search-ui";
  form.setAttribute("role", "search");
  var label = document.createElement("label");
  label.textContent = link.textContent;
  var input = document.createElement("input");
  input.type = "search";
  input.id = "search-input";
  label.htmlFor = input.id;
  var list = document.createElement("ol");
  list.className = "search-results";
  list.setAttribute("aria-live", "polite");
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(list);
  link.parentNode.parentNode.insertBefore(form, link.parentNode.nextSibling);
  input.focus();
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var pagefind = import(index).then(function (pf) { return pf.init().then(function () { return pf; }); });
  // No index (a city without offers yet) or it cannot be loaded: the list it stands for.
  pagefind.catch(function () { window.location.href = link.href; });
  var asked = 0;

  function text(tag, className, value) {
    var el = document.createElement(tag);
    el.className = className;
    el.textContent = value;
    return el;
  }

  function show(query, results) {
    if (query !== asked) { return; }  // a later query's results came first
    list.textContent = "";
    results.forEach(function (r) {
      var item = document.createElement("li");
      var a = text("a", "title", r.meta.title);
      a.href = root + r.url.replace(/^\//, "");
      item.appendChild(a);
      item.appendChild(text("span", "where", [r.meta.quarter, r.meta.place].filter(Boolean).join(" · ")));
      if (r.meta.when) { item.appendChild(text("span", "when", r.meta.when)); }
      list.appendChild(item);
    });
    form.setAttribute("data-done", query);
  }

  input.addEventListener("input", function () {
    var query = asked = input.value.trim();
    if (!query) { list.textContent = ""; return; }
    pagefind.then(function (pf) { return pf.debouncedSearch(query, {}, 200); }).then(function (found) {
      if (!found) { return null; }
      return Promise.all(found.results.slice(0, 30).map(function (r) { return r.data(); }));
    }).then(function (data) {
      if (data) {
        // the easy-language pages share the German index: each page shows its own
        show(query, data.filter(function (r) { return r.meta.lang === lang; }).slice(0, 12));
      }
    });
  });
})();
