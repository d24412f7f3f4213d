"""Quick picks of people on the applicant's own KK (from the verification answer).

Tapping a name fills the NIK field (and the person's name field when the form has one), so the
citizen does not have to copy 16 digits from a card. Shown only for NIK fields the catalog marks
`check_against_kk`, i.e. people who are expected to be on the same family card.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.catalog.prefill import FamilyMember
from ui.widgets.common import BigButton


class FamilyPicker(QWidget):
    picked = Signal(object)  # FamilyMember

    def __init__(self, members: list[FamilyMember], checkable: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("FamilyPicker")
        self.members = members
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.caption = QLabel(self)
        self.caption.setObjectName("FieldHelp")
        self.caption.setWordWrap(True)
        box.addWidget(self.caption)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.buttons: dict[str, BigButton] = {}
        for index, member in enumerate(members):
            button = BigButton(self._text(member), "secondary", self)
            button.setObjectName("FamilyPick")
            button.setCheckable(checkable)
            button.setMinimumWidth(160)
            button.clicked.connect(lambda _checked=False, m=member: self.picked.emit(m))
            self.buttons[member.nik] = button
            grid.addWidget(button, index // 2, index % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        self.retranslate()

    @staticmethod
    def _text(member: FamilyMember) -> str:
        """Name and position on the KK, and the NIK the tap fills in, digits grouped."""
        relation = f" ({member.relationship})" if member.relationship else ""
        nik = " ".join(member.nik[i : i + 4] for i in range(0, len(member.nik), 4))
        return f"{member.name}{relation}\n{nik}"

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Or tap a person on your Family Card (KK):"))

    def mark(self, chosen: set[str]) -> None:
        """Show which people are already in the field (checkable pickers)."""
        for nik, button in self.buttons.items():
            if button.isCheckable():
                button.setChecked(nik in chosen)
