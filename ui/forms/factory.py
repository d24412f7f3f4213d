"""Which widget shows which kind of catalog field, and which fields belong on the form."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.catalog.model import Field, Service
from ui.forms.base import FieldWidget
from ui.forms.choice_field import ChoiceField
from ui.forms.digit_field import DigitField
from ui.forms.list_field import ListField
from ui.forms.text_field import AddressField, TextField

WIDGETS: dict[str, type[FieldWidget]] = {
    "text": TextField,
    "email": TextField,
    "address": AddressField,
    "choice": ChoiceField,
    "nik": DigitField,
    "kk": DigitField,
    "phone": DigitField,
    "number": DigitField,
    "date": DigitField,
}
# document_photo fields are captured by the camera on the documents screen, not typed here.
CAPTURED_LATER = ("document_photo",)


def widget_for(field: Field, parent: QWidget | None = None) -> FieldWidget:
    if field.multiple:
        if field.type not in ("nik", "kk", "phone"):
            raise ValueError(f"field {field.id!r}: a list of {field.type} values has no widget")
        return ListField(field, parent)
    try:
        cls = WIDGETS[field.type]
    except KeyError:
        raise ValueError(f"field {field.id!r}: no form widget for type {field.type!r}") from None
    return cls(field, parent)


def form_fields(service: Service) -> tuple[list[Field], list[Field]]:
    """(fields about the person the application is about, the other fields), in catalog order.

    The first list is empty when the application is about the applicant alone.
    """
    typed = [f for f in service.fields if f.type not in CAPTURED_LATER]
    about = set(service.subject.fields)
    if service.subject.kind == "applicant":
        about = set()
    subject = [f for f in typed if f.id in about]
    other = [f for f in typed if f.id not in about]
    return subject, other
