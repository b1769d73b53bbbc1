"""The public face: the public diary, the notice board, meeting pages, feeds and iCalendar —
no login, only public data (kansli.diary.public), never writing."""
