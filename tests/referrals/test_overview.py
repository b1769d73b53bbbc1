"""The overview's counts and filters, and the chart as coordinates (pure)."""

from kansli.referrals import actions, chart, overview

from .conftest import DUE, SENT, D, recipient

TODAY = D(2013, 12, 1)


def build(referral, today=TODAY, **kwargs):
    return overview.build(referral, today=today, can_read_secret=True, **kwargs)


def play(referral, rita, olle):
    actions.do_record_answer(recipient(referral, "Ekerö kommun"), acting_user=rita,
                             answered_on=D(2013, 11, 10), description="Utdrag",
                             outcome="adopted")
    actions.do_record_answer(recipient(referral, "Nacka kommun"), acting_user=rita,
                             answered_on=D(2013, 11, 20), description="Utdrag",
                             outcome="declined")
    actions.do_extend_referral(recipient(referral, "Vaxholms stad"), acting_user=olle,
                               new_due=D(2013, 11, 29), granted_on=D(2013, 11, 1),
                               reason="Sammanträde i november")


def test_the_counts_say_who_adopted_who_is_late_and_who_has_an_extension(referral, rita,
                                                                         olle):
    play(referral, rita, olle)
    counts = build(referral).counts
    assert (counts.total, counts.adopted, counts.not_adopted, counts.answered) == (3, 1, 1, 2)
    assert (counts.no_answer, counts.late, counts.extended, counts.answered_late) == (
        1, 1, 1, 1)
    # Before the extended due date, Vaxholm is not late yet.
    assert build(referral, today=D(2013, 11, 29)).counts.late == 0


def test_rows_show_the_original_due_date_the_extension_and_the_derived_status(referral,
                                                                              rita, olle):
    play(referral, rita, olle)
    rows = {row.recipient.name: row for row in build(referral).rows}
    vaxholm = rows["Vaxholms stad"]
    assert (vaxholm.original_due, vaxholm.due, vaxholm.status) == (
        DUE, D(2013, 11, 29), "overdue")
    assert [e.reason for e in vaxholm.extensions] == ["Sammanträde i november"]
    assert rows["Nacka kommun"].answered_late and not rows["Ekerö kommun"].answered_late
    assert rows["Ekerö kommun"].status == "answered"


def test_the_status_filter_keeps_the_counts_of_all(referral, rita, olle):
    play(referral, rita, olle)
    view = build(referral, status="overdue")
    assert [r.recipient.name for r in view.rows] == ["Vaxholms stad"]
    assert view.counts.total == 3 and len(view.everyone) == 3
    assert [r.recipient.name for r in build(referral, status="answered").rows] == [
        "Ekerö kommun", "Nacka kommun"]


def test_the_chart_counts_answers_by_day_per_outcome(referral, rita, olle):
    play(referral, rita, olle)
    drawn = overview.answers_chart(build(referral))
    lines = {line.key: line for line in drawn.lines}
    assert (lines["adopted"].total, lines["not_adopted"].total, lines["abstained"].total
            ) == (1, 1, 0)
    assert drawn.table == [(D(2013, 11, 10), [1, 0, 0]), (D(2013, 11, 20), [1, 1, 0])]
    assert drawn.due_x is not None


def test_a_step_line_rises_on_each_answer_day_and_ends_at_the_last_day():
    start, due, end = SENT, DUE, D(2013, 12, 31)
    answers = [(D(2013, 10, 1), "a"), (D(2013, 10, 1), "a"), (D(2013, 11, 1), "a")]
    drawn = chart.build(answers, [("a", "A", "#000", "")], start=start, due=due, total=4,
                        end=end)
    points = [tuple(map(float, p.split(","))) for p in drawn.lines[0].points.split()]
    ys = [y for _x, y in points]
    assert ys[0] == ys[1] == chart.HEIGHT - chart.BOTTOM  # zero until the first answer
    assert ys[2] == ys[3] == chart.TOP + (chart.HEIGHT - chart.TOP - chart.BOTTOM) / 2
    assert ys[-1] == chart.TOP + (chart.HEIGHT - chart.TOP - chart.BOTTOM) / 4
    assert points[-1][0] == chart.WIDTH - chart.RIGHT
    assert drawn.lines[0].steps == [(D(2013, 10, 1), 2), (D(2013, 11, 1), 3)]
    assert chart.LEFT < drawn.due_x < chart.WIDTH - chart.RIGHT


def test_the_time_axis_reaches_an_answer_after_the_last_due_date():
    late = D(2014, 3, 1)
    drawn = chart.build([(late, "a")], [("a", "A", "#000", "")], start=SENT, due=DUE,
                        total=1, end=DUE)
    assert float(drawn.lines[0].points.split()[-1].split(",")[0]) == chart.WIDTH - chart.RIGHT
    assert drawn.x_ticks[0][1] == "2013-07" and len(drawn.x_ticks) <= 9
    assert drawn.x_ticks[-1][1] <= "2014-03"


def test_no_answers_draws_flat_lines_and_an_empty_table():
    drawn = chart.build([], [("a", "A", "#000", "")], start=SENT, due=DUE, total=0,
                        end=DUE)
    assert drawn.table == [] and drawn.lines[0].total == 0
    assert drawn.y_ticks[0][1] == 0


def test_the_x_axis_has_at_most_about_eight_labels_over_years():
    drawn = chart.build([], [("a", "A", "#000", "")], start=D(2010, 1, 1),
                        due=D(2010, 2, 1), total=3, end=D(2014, 12, 31))
    assert len(drawn.x_ticks) <= 9
    assert drawn.x_ticks[0][1] == "2010-01"


def test_a_deadline_closed_on_handlings_own_pages_is_no_longer_late(referral, olle):
    from kansli.handling.actions import do_cancel_deadline

    vaxholm = recipient(referral, "Vaxholms stad")
    assert build(referral).counts.late == 3
    do_cancel_deadline(vaxholm.deadline, acting_user=olle, reason="Väntar inte längre")
    counts = build(referral).counts
    assert counts.late == 2 and counts.no_answer == 3
