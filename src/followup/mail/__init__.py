"""Reading the user's own mail, locally, to propose what happened: `followup mail scan`.

`sources` reads messages (Maildir, mbox, a message file, standard input; IMAP and notmuch in their
own modules), read-only; `message` decodes one message safely; `match` finds the application a
message is about and `classify` what it says, by rules. Nothing here prints, writes the store or
reads the clock: app/mail.py does the scan and keeps the proposals.
"""
