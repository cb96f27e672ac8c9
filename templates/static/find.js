/* The search box: a link to the city-wide list until used; then the search (search.js,
   search.css and Pagefind's index) is loaded, from this site only. */
(function () {
  "use strict";
  var link = document.querySelector("a.search-link");
  if (!link) { return; }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    if (document.getElementById("search-ui")) { return; }
    var base = link.getAttribute("data-static");
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "search.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = base + "search.js";
    document.head.appendChild(script);
  });
})();
