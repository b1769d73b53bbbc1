"""Referrals (remisser): a case sent to one or many recipients for an opinion or a
decision, each recipient with its own due date, extensions, answer and status; and the
federation's overview of its members' answers."""
