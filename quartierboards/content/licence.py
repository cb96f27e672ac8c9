"""``data_licence:`` in ``site.yaml``: the licence under which the offers are published as open data.

An open-data file without a licence cannot legally be reused, and which licence applies
is the publisher's decision, so there is no default: a site names a well-known licence by
its identifier (``CC-BY-4.0``, ``DL-DE-BY-2.0``, …) or gives ``{name, url}``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from quartierboards.content.fields import WebUrl, content_error
from quartierboards.content.strict import Strict
from quartierboards.errors import did_you_mean
from quartierboards.i18n.messages import N_

# The licences German public open data uses (GovData's list), by their SPDX-style identifiers.
KNOWN: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 (CC BY-SA 4.0)",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero 1.0 (CC0 1.0)", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "DL-DE-BY-2.0": ("Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)",
                     "https://www.govdata.de/dl-de/by-2-0"),
    "DL-DE-ZERO-2.0": ("Datenlizenz Deutschland – Zero – Version 2.0 (dl-de/zero-2-0)",
                       "https://www.govdata.de/dl-de/zero-2-0"),
}


class DataLicence(Strict):
    """A licence by name and address."""

    name: str
    url: WebUrl


def _known(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    found = KNOWN.get(value.upper())
    if found is None:
        guess = did_you_mean(value, [k.lower() for k in KNOWN]).upper()
        if guess:
            raise content_error("data_licence", N_("unknown licence '%(value)s' (did you mean '%(guess)s'?)"),
                                value=value, guess=guess)
        raise content_error("data_licence", N_("unknown licence '%(value)s': write one of %(known)s, "
                                               "or give its name and url"), value=value, known=", ".join(KNOWN))
    return {"name": found[0], "url": found[1]}


_SCHEMA = DataLicence.model_json_schema()
LicenceField = Annotated[DataLicence, BeforeValidator(_known),
                         WithJsonSchema({"anyOf": [{"enum": list(KNOWN)}, _SCHEMA]})]
