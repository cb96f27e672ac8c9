"""Languages: picking translated text with honest fallback, CLDR formatting, UI catalogs."""
