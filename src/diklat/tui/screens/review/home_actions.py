"""Keys the home screen offers reviewers, markers and coordinators (mixed into HomeScreen).

Enter on a row of the waiting list opens that submission; T opens the queue with
its filters; N the oldest waiting submission; M the participants I mark; B my
comment bank; O (coordinators) moderation and the release of results; S (coaches and
mentors) their own participants, every stage's state and its draft, read-only. Keys that
do not apply to the account's role are not shown.
"""

from __future__ import annotations

from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable

from diklat.domain.roles import OVERSEERS, REVIEWERS, STAFF, Role
from diklat.tui.navigation import screen_class

# Every staff role marks the seminars it sits on (domain.roles.STAFF).
MARKERS = STAFF

_ROLES_FOR = {
    "review_queue": REVIEWERS,
    "next_waiting": REVIEWERS,
    "marking": MARKERS,
    "comment_bank": REVIEWERS | MARKERS,
    "moderation": OVERSEERS,
    "my_participants": frozenset({Role.COACH, Role.MENTOR}),
}


class ReviewerHomeActions(Screen[None]):
    BINDINGS = [
        Binding("t", "review_queue", "key.review_queue"),
        Binding("n", "next_waiting", "key.review_next"),
        Binding("m", "marking", "key.marking"),
        Binding("b", "comment_bank", "key.comment_bank"),
        Binding("o", "moderation", "key.moderation"),
        Binding("s", "my_participants", "key.my_participants"),
    ]

    def _role(self) -> Role | None:
        actor = getattr(self.app, "actor", None)
        return actor.role if actor is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        roles = _ROLES_FOR.get(action)
        if roles is not None and self._role() not in roles:
            return False
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "waiting" or event.row_key is None:
            return
        data = getattr(self, "data", None)
        waiting = getattr(data, "waiting", None) or []
        index = int(event.row_key.value)
        if 0 <= index < len(waiting):
            ReviewScreen = screen_class("review")

            item = waiting[index]
            self.app.push_screen(ReviewScreen(item.enrolment_id, item.stage))

    def action_review_queue(self) -> None:
        QueueScreen = screen_class("queue")

        self.app.push_screen(QueueScreen())

    @work(thread=True, group="next-waiting")
    def action_next_waiting(self) -> None:
        from diklat.services import review

        item = review.next_waiting(self.app.db, self.app.actor)
        self.app.call_from_thread(self._open_waiting, item)

    def _open_waiting(self, item) -> None:
        if item is None:
            from diklat.i18n import t

            self.notify(t("review.queue.none_waiting"))
            return
        ReviewScreen = screen_class("review")

        self.app.push_screen(ReviewScreen(item.enrolment_id, item.stage))

    def action_marking(self) -> None:
        MarkingListScreen = screen_class("marking_list")

        self.app.push_screen(MarkingListScreen())

    def action_comment_bank(self) -> None:
        CommentBankScreen = screen_class("comment_bank")

        self.app.push_screen(CommentBankScreen())

    def action_my_participants(self) -> None:
        MyParticipantsScreen = screen_class("my_participants")

        self.app.push_screen(MyParticipantsScreen())

    def action_moderation(self) -> None:
        ModerationScreen = screen_class("moderation")

        self.app.push_screen(ModerationScreen())
