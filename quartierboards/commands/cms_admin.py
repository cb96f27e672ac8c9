"""The admin page (``output/admin/index.html``) that loads the vendored Decap CMS.

Everything it loads comes from its own folder: the Decap bundle, ``config.yml`` and the
board's stylesheet for the preview. A small script gives every text input and text
area ``dir="auto"`` (Decap has no right-to-left input, decap-cms#1769), so Arabic and
Persian are typed and shown right to left, and the panes of ``ar``/``fa`` get
``dir="rtl"``.
"""

from __future__ import annotations

INDEX_HTML = """<!doctype html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Quartierboards – Im Browser bearbeiten</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
  <script src="decap-cms.js"></script>
  <script src="rtl.js"></script>
</body>
</html>
"""

# dir="auto" on every input, dir="rtl" on the ar/fa side of the translation view
RTL_JS = """// Quartierboards: right-to-left input for Arabic and Persian (Decap lacks it, decap-cms#1769).
(function () {
  "use strict";
  var RTL = ["ar", "fa", "he", "ur"];
  function mark(root) {
    root.querySelectorAll("input[type=text], input:not([type]), textarea, [contenteditable=true]")
      .forEach(function (el) { if (!el.hasAttribute("dir")) { el.setAttribute("dir", "auto"); } });
    // the locale switcher of each editor pane names its language ("AR", "FA")
    root.querySelectorAll("[class*=EditorControlPane], [class*=ControlPaneContainer]").forEach(function (pane) {
      var btn = pane.parentElement &&
        pane.parentElement.querySelector("button[class*=LocaleButton], [class*=LocaleDropdown] span");
      var lang = btn ? (btn.textContent || "").trim().toLowerCase() : "";
      if (RTL.indexOf(lang) >= 0) { pane.setAttribute("dir", "rtl"); }
    });
  }
  new MutationObserver(function () { mark(document); })
    .observe(document.documentElement, {childList: true, subtree: true});
  if (window.CMS) {
    window.CMS.registerPreviewStyle("board.css");
  }
})();
"""
