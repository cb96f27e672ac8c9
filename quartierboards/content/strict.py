"""The base of every content model: unknown keys are errors."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Base for content models: unknown keys are errors."""

    # allow_inf_nan: pydantic reads "nan" and "inf" as numbers; no content field means them.
    model_config = ConfigDict(extra="forbid", populate_by_name=False, str_strip_whitespace=True,
                              allow_inf_nan=False)
