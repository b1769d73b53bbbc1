"""Incoming e-mail to the registrar (the intake queue): from an IMAP mailbox or .eml files,
registered into a new or an existing case, or dismissed with a reason."""
