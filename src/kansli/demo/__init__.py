"""The demo: the whole reference story on top of every app. A face like ``public`` and
``api``: it may import every domain app, and none imports it."""


def load(cases: int = 300, *, seed: int = 2013, progress=None):
    """Load Ekerö kommun, the reference case with its committee work, and ``cases``
    made-up cases, in one transaction. Returns the reference case."""
    from kansli.agreements import demo as agreements_demo
    from kansli.archive import demo as archive_demo
    from kansli.diary import demo as diary_demo
    from kansli.documents import store
    from kansli.handling import demo as handling_demo
    from kansli.ingest import demo as ingest_demo
    from kansli.meetings import demo as meetings_demo

    def then(setup, users, case):
        # KF's extract to KSL and Socialkontoret issued with its PDF, as the staff
        # pages issue it.
        meetings_demo.load(setup, users, case, issue_extract=store.issue_extract)
        handling_demo.load(setup, users, case)
        agreements_demo.load(setup, users, case)
        archive_demo.load(setup, users)
        ingest_demo.load(setup, users)

    return diary_demo.load(cases, seed=seed, progress=progress, then=then)


def load_federation():
    """Load KSL's own installation: the federation with its 26 members, the 2013
    recommendation sent to them as one referral with their answers, and the agreement
    with its adoptions and follow-up, in one transaction. Returns KSL's case."""
    from django.db import transaction

    from kansli.agreements import demo as agreements_demo
    from kansli.referrals import demo as referrals_demo

    from . import federation

    with transaction.atomic():
        fed = federation.setup()
        case = referrals_demo.load_federation(fed)
        agreements_demo.load_federation(fed, case)
    return case
