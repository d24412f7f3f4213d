"""Satisfaction survey (SKM, PermenPANRB 14/2017): nine questions scored 1-4, all skippable.

One question per page with four large answers, so it reads the same in portrait and landscape
and nobody has to scroll. Tapping an answer moves on; the last answer (or "Skip survey") ends
the survey with `survey_done(scores)`. The scores carry no link to the citizen: the controller
sends them anonymously through the SurveySink when the session returns to the welcome screen.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QLabel

from kiosk.session.data import SKM_ELEMENTS
from kiosk.session.states import State
from ui.screens.base import Screen
from ui.widgets.common import Body, Card, IconLabel, Subtitle, Title

CTX = "SurveyScreen"
THANKS_MS = 4000  # how long the thank-you stays before the welcome screen (or tap "Done")

# SKM element -> (question, answers from 1 = worst to 4 = best), after the model questionnaire
# of PermenPANRB 14/2017, in plain words. English source; Indonesian in finish_id.ts.
QUESTIONS: dict[str, tuple[str, tuple[str, str, str, str]]] = {
    "persyaratan": (
        QT_TRANSLATE_NOOP("SurveyScreen", "Did the requirements fit this service?"),
        (
            QT_TRANSLATE_NOOP("SurveyScreen", "Not at all"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Not quite"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Yes"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Very well"),
        ),
    ),
    "prosedur": (
        QT_TRANSLATE_NOOP("SurveyScreen", "How easy were the steps of this service?"),
        (
            QT_TRANSLATE_NOOP("SurveyScreen", "Not easy"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Not quite easy"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Easy"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Very easy"),
        ),
    ),
    "waktu": (
        QT_TRANSLATE_NOOP("SurveyScreen", "How fast was the service?"),
        (
            QT_TRANSLATE_NOOP("SurveyScreen", "Not fast"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Not quite fast"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Fast"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Very fast"),
        ),
    ),
    "biaya": (
        QT_TRANSLATE_NOOP("SurveyScreen", "Was the cost of the service fair?"),
        (
            QT_TRANSLATE_NOOP("SurveyScreen", "Very expensive"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Rather expensive"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Cheap"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Free"),
        ),
    ),
    "produk": (
        QT_TRANSLATE_NOOP("SurveyScreen", "Does the result match what the service promises?"),
        (
            QT_TRANSLATE_NOOP("SurveyScreen", "Not at all"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Not quite"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Yes"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Very well"),
        ),
    ),
    "kompetensi": (
        QT_TRANSLATE_NOOP("SurveyScreen", "How competent were the staff who helped you?"),
        (
            QT_TRANSLATE_NOOP("SurveyScreen", "Not competent"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Not quite competent"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Competent"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Very competent"),
        ),
    ),
    "perilaku": (
        QT_TRANSLATE_NOOP("SurveyScreen", "Were the staff polite and friendly?"),
        (
            QT_TRANSLATE_NOOP("SurveyScreen", "Not polite"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Not quite polite"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Polite"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Very polite"),
        ),
    ),
    "pengaduan": (
        QT_TRANSLATE_NOOP("SurveyScreen", "How are complaints and suggestions handled here?"),
        (
            QT_TRANSLATE_NOOP("SurveyScreen", "There is none"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Exists but does not work"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Works, could be better"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Handled well"),
        ),
    ),
    "sarana": (
        QT_TRANSLATE_NOOP("SurveyScreen", "How good are the facilities, such as this kiosk?"),
        (
            QT_TRANSLATE_NOOP("SurveyScreen", "Poor"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Fair"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Good"),
            QT_TRANSLATE_NOOP("SurveyScreen", "Very good"),
        ),
    ),
}
assert list(QUESTIONS) == list(SKM_ELEMENTS), "one question per SKM element, in order"


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


class SurveyScreen(Screen):
    states = (State.SURVEY,)

    def build(self) -> None:
        self.index = 0
        self.scores: dict[str, int] = {}
        self.heading = self.title()
        self.intro = Subtitle("", self)
        self.layout_.addWidget(self.intro)
        self.layout_.addStretch(1)

        self.card = Card(self)
        self.step = QLabel(self.card)
        self.step.setObjectName("SurveyStep")
        self.step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.element = QLabel(self.card)
        self.element.setObjectName("SurveyElement")
        self.element.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.element.setWordWrap(True)
        self.question = QLabel(self.card)
        self.question.setObjectName("Title")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        for widget in (self.step, self.element, self.question):
            self.card.box.addWidget(widget)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.answers = []
        for score in (1, 2, 3, 4):
            btn = self.button("", lambda s=score: self.answer(s), "tile", self.card)
            btn.setCheckable(True)
            # No focus ring: on a new question no answer may look chosen (the ring stayed on
            # "1", then on the place of the previous answer).
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.setMinimumHeight(110)
            self.answers.append(btn)
            grid.addWidget(btn, (score - 1) // 2, (score - 1) % 2)
        self.card.box.addLayout(grid)
        self.layout_.addWidget(self.card)
        self.layout_.addStretch(1)

        self.previous = self.button("", self.go_back, "secondary")
        self.skip_one = self.button("", self.skip_question, "secondary")
        self.skip_all = self.button("", self.skip_survey, "plain")
        self.nav = self.button_row(self.previous, self.skip_one, self.skip_all)
        self.lapor = Body("", self)
        self.lapor.setObjectName("SurveyLapor")
        self.lapor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addWidget(self.lapor)

        # After the last question: a short thank-you, then the welcome screen by itself.
        self.thanks = Card(self)
        self.thanks.box.addWidget(IconLabel("check", 140, self.thanks))
        self.thanks_title = Title("", self.thanks)
        self.thanks_text = Body("", self.thanks)
        self.thanks_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks.box.addWidget(self.thanks_title)
        self.thanks.box.addWidget(self.thanks_text)
        self.done_button = self.button("", self._finish, "primary", self.thanks)
        self.done_button.setMinimumWidth(360)
        self.thanks.box.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.layout_.insertWidget(self.layout_.indexOf(self.card), self.thanks)
        self.thanks.hide()
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(THANKS_MS)
        self.thanks_timer.timeout.connect(self._finish)
        self.questions = (self.intro, self.card, self.nav)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("How was our service?"))
        self.intro.setText(
            self.tr(
                "Nine short questions. Your answers are anonymous: they are not linked to you or "
                "your application. You may skip any question."
            )
        )
        self.previous.setText(self.tr("Previous question"))
        self.skip_one.setText(self.tr("Skip this question"))
        self.skip_all.setText(self.tr("Skip the survey"))
        self.lapor.setText(self.tr("Complaints: SP4N-LAPOR! at lapor.go.id or by SMS to 1708."))
        self.thanks_title.setText(self.tr("Thank you for your answers"))
        self.thanks_text.setText(self.tr("They help us improve this service."))
        self.done_button.setText(self.tr("Done"))
        self._show_question()

    def _show_question(self) -> None:
        key = list(QUESTIONS)[self.index]
        question, answers = QUESTIONS[key]
        self.step.setText(
            self.tr("Question %1 of %2")
            .replace("%1", str(self.index + 1))
            .replace("%2", str(len(QUESTIONS)))
        )
        self.element.setText(self.pick(*SKM_ELEMENTS[key]))
        self.question.setText(tr(question))
        chosen = self.scores.get(key)
        for score, (btn, text) in enumerate(zip(self.answers, answers, strict=True), start=1):
            btn.setText(f"{score}. {tr(text)}")
            btn.setChecked(chosen == score)  # only an answer given before ("Previous")
            btn.setDown(False)
            btn.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)  # a finger leaves no hover
        self.previous.setEnabled(self.index > 0)

    # ----- session ---------------------------------------------------------------------------

    def render(self, session) -> None:
        self._show_question()

    def clear(self) -> None:
        self.index = 0
        self.scores.clear()
        self._show_thanks(False)
        self._show_question()

    def shown(self) -> None:
        self.speak(
            "Bagaimana layanan kami? Anda boleh melewati survei ini.",
            "How was our service? You may skip this survey.",
        )

    # ----- input -----------------------------------------------------------------------------

    def answer(self, score: int) -> None:
        self.scores[list(QUESTIONS)[self.index]] = score
        self._next()

    def skip_question(self) -> None:
        self.scores.pop(list(QUESTIONS)[self.index], None)
        self._next()

    def go_back(self) -> None:
        self.controller.user_activity()
        if self.index > 0:
            self.index -= 1
            self._show_question()

    def skip_survey(self) -> None:
        self.scores.clear()
        self._finish()

    def _next(self) -> None:
        self.controller.user_activity()
        if self.index + 1 < len(QUESTIONS):
            self.index += 1
            self._show_question()
        else:
            self._show_thanks(True)
            self.speak("Terima kasih.", "Thank you.")
            self.thanks_timer.start()

    def _show_thanks(self, on: bool) -> None:
        if not on:
            self.thanks_timer.stop()
        for widget in self.questions:
            widget.setVisible(not on)
        self.thanks.setVisible(on)

    def thanking(self) -> bool:
        return self.thanks.isVisibleTo(self)

    def _finish(self) -> None:
        self.thanks_timer.stop()
        if self.session.state is not State.SURVEY:
            return  # the thank-you timed out after the session moved on (inactivity)
        scores = dict(self.scores) or None  # nothing answered counts as skipped
        self.index = 0
        self.scores.clear()
        self._show_thanks(False)
        self.citizen.survey_done(scores)
