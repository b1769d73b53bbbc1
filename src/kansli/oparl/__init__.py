"""OParl 1.1: the read-only open-data API of bodies, people, meetings, agenda items,
papers (cases) and files, at /oparl/v1.1/ — only public data."""
