"""Signals for the apps that build on committee work. Sent after the transaction of the
change commits, so a receiver's failure never undoes the change itself."""

from django.dispatch import Signal

# The last approver approved the minutes: kwargs meeting, acting_user.
minutes_approved = Signal()
