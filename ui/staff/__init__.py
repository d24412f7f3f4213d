"""The counter-staff screens (issue 13), shown over the kiosk window: sign-in (choose your name,
then the PIN pad) and the staff console (open help requests of the site, the queue console).

They render what kiosk.staff.StaffSignIn and sync.adapters.staff.HelpDesk say and forward the
staff member's input; the rules (PIN check, lockout, idle sign-out) live in the core.
"""
