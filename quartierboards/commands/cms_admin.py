"""The admin page (``output/admin/index.html``) that loads the vendored Decap CMS.

Everything it loads comes from its own folder: the Decap bundle, ``config.yml`` and the
board's stylesheet for the preview. A small script (``admin.js``) gives every text input
and text area ``dir="auto"`` (Decap has no right-to-left input, decap-cms#1769), so
Arabic and Persian are typed and shown right to left, and gives the Markdown editor's
text box the name of its field (axe: ``aria-input-field-name``).
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
  <style>
    /* Phones: Decap's editor is at least 800 px wide with the form and a second language
       (or the preview) side by side. Below that the two stack and nothing scrolls sideways. */
    @media (max-width: 799px) {
      [class*="-EditorContainer"], [class*="-ToolbarContainer"] { min-width: 0 !important; }
      [class*="-ToolbarContainer"] { flex-wrap: wrap; height: auto !important; }
      [class*="-ToolbarContainer"] > *, [class*="-LocaleRowWrapper"] { flex-wrap: wrap; gap: 4px; }
      .SplitPane { flex-direction: column !important; position: static !important; height: auto !important; }
      .SplitPane > .Pane { width: 100% !important; flex: none !important; overflow: visible !important; }
      .SplitPane > .Resizer { display: none; }
      [class*="-PreviewPaneContainer"] { height: auto !important; overflow: visible !important; }
    }
  </style>
</head>
<body>
  <script src="decap-cms.js"></script>
  <script src="admin.js"></script>
</body>
</html>
"""

# dir="auto" on every input; the field's label as the name of Decap's Markdown text box
ADMIN_JS = """// Quartierboards: right-to-left input for Arabic and Persian (Decap lacks it, decap-cms#1769),
// and a name for the Markdown editor's text box, which Decap leaves without one.
(function () {
  "use strict";
  function mark(root) {
    root.querySelectorAll("input[type=text], input:not([type]), textarea, [contenteditable=true]")
      .forEach(function (el) { if (!el.hasAttribute("dir")) { el.setAttribute("dir", "auto"); } });
    root.querySelectorAll("[role=textbox]:not([aria-label])").forEach(function (box) {
      var field = box.closest("[class*=ControlContainer]");
      var label = field && field.querySelector("label");
      if (label) { box.setAttribute("aria-label", label.textContent); }
    });
  }
  new MutationObserver(function () { mark(document); })
    .observe(document.documentElement, {childList: true, subtree: true});
  if (window.CMS) {
    window.CMS.registerPreviewStyle("board.css");
  }
})();
"""
