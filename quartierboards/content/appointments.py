"""Advice by appointment (``by_appointment:``): nobody should come to a door that opens only on request.

An offer or a contact says ``by_appointment: true``, or how to book one::

    by_appointment:
      phone: "+49 2041 555-3110"
      email: beratung@example.org
      text: {de: Termine auch in der Sprechstunde, ru: …}

Its times, if it has any, are the hours in which appointments are given: the week
plan says "nach Vereinbarung" instead of drop-in times, and calendars hold no events
for it.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from quartierboards.content.fields import Email, Phone, Text
from quartierboards.content.strict import Strict


class Appointment(Strict):
    """How to book an appointment: any of phone, email and a text (all optional)."""

    phone: Phone | None = None
    email: Email | None = None
    text: Text | None = None


def _appointment(value: Any) -> Any:
    # `by_appointment: true` is an appointment with no booking details; `false` is none.
    if value is True:
        return {}
    if value is False:
        return None
    return value


ByAppointment = Annotated[
    Appointment | None, BeforeValidator(_appointment),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, Appointment.model_json_schema()],
                    "description": "true, or how to book: {phone, email, text}; the week plan then says "
                                   "'by appointment' instead of drop-in times"}),
]
