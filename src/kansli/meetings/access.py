"""Who may do what in committee work. Roles are Django groups, as in the diary.

- The committee secretary (nämndsekreterare), registrars and administrators manage
  meetings: plan them, build the agenda, write and correct the minutes, post them.
- Case officers read meetings and minutes.
- The chair and the approvers named at a meeting read that meeting and approve its
  minutes; approving is decided by the actions (only named approvers may).
"""

from __future__ import annotations

from kansli.diary import access as diary_access

SECRETARY = diary_access.SECRETARY
roles = diary_access.roles


def can_manage(user) -> bool:
    """Plan meetings, build agendas, write minutes, post approvals."""
    return bool(roles(user) & {SECRETARY, diary_access.REGISTRAR,
                               diary_access.ADMINISTRATOR})


def can_read(user) -> bool:
    """Read every meeting, agenda and minutes."""
    return can_manage(user) or diary_access.CASE_OFFICER in roles(user)


def person_of(user):
    """The Person a user account belongs to, or None."""
    if not user or not user.is_authenticated:
        return None
    from kansli.org.models import Person

    cached = getattr(user, "_kansli_person", False)
    if cached is False:
        cached = Person.objects.filter(user=user).first()
        user._kansli_person = cached
    return cached


def approver_meetings(user) -> set[int]:
    """The meetings whose minutes the user approves (as chair or named approver)."""
    if not user or not user.is_authenticated:
        return set()
    from .models import Approver

    cached = getattr(user, "_kansli_approver_meetings", None)
    if cached is None:
        cached = set(Approver.objects.filter(person__user=user)
                     .values_list("meeting_id", flat=True))
        user._kansli_approver_meetings = cached
    return cached


def can_read_meeting(user, meeting) -> bool:
    return can_read(user) or meeting.pk in approver_meetings(user)
