"""The demo: the whole reference story on top of every app. A face like ``public`` and
``api``: it may import every domain app, and none imports it."""


def load(cases: int = 300, *, seed: int = 2013, progress=None):
    """Load Ekerö kommun, the reference case with its committee work, and ``cases``
    made-up cases, in one transaction. Returns the reference case."""
    from kansli.diary import demo as diary_demo
    from kansli.handling import demo as handling_demo
    from kansli.meetings import demo as meetings_demo

    def then(setup, users, case):
        meetings_demo.load(setup, users, case)
        handling_demo.load(setup, users, case)

    return diary_demo.load(cases, seed=seed, progress=progress, then=then)
