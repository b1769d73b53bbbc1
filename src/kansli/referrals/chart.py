"""The chart of answers over time, drawn as inline SVG on the server (no JavaScript).

Pure: given the answers as (day, series) pairs it returns the coordinates the template
draws — a step line per series of the cumulative number of answers, the original due
date as a vertical line, and the ticks of both axes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass
class Line:
    key: str
    label: str
    colour: str
    dash: str
    points: str  # the SVG polyline's points
    total: int
    # (day, cumulative count) at each day an answer came: the text alternative's rows.
    steps: list[tuple[datetime.date, int]] = field(default_factory=list)


@dataclass
class Chart:
    width: int
    height: int
    lines: list[Line]
    due_x: float | None
    due_label: str
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    # The text alternative: per day an answer came, the running total of each line.
    table: list[tuple[datetime.date, list[int]]] = field(default_factory=list)
    left: int = LEFT
    right: float = WIDTH - RIGHT
    top: int = TOP
    bottom: float = HEIGHT - BOTTOM


def _months(start: datetime.date, end: datetime.date):
    day = start.replace(day=1)
    while day <= end:
        if day >= start:
            yield day
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def build(answers: list[tuple[datetime.date, str]], series: list[tuple[str, str, str, str]],
          *, start: datetime.date, due: datetime.date, total: int, end: datetime.date,
          due_label: str = "") -> Chart:
    """``series`` is (key, label, colour, dash) per line; ``answers`` (day, key) pairs.
    The x axis runs from ``start`` (the day the referral was sent) to the later of
    ``end`` and the last answer; the y axis from 0 to ``total`` recipients."""
    last = max([end, due, start + datetime.timedelta(days=1)] + [d for d, _k in answers])
    span = (last - start).days or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max(total, 1)

    def x(day: datetime.date) -> float:
        return round(LEFT + plot_w * (day - start).days / span, 1)

    def y(count: int) -> float:
        return round(TOP + plot_h * (1 - count / top), 1)

    lines = []
    for key, label, colour, dash in series:
        days = sorted(d for d, k in answers if k == key)
        points = [(x(start), y(0))]
        steps = []
        count = 0
        for day in sorted(set(days)):
            points.append((x(day), y(count)))
            count += days.count(day)
            points.append((x(day), y(count)))
            steps.append((day, count))
        points.append((x(last), y(count)))
        lines.append(Line(key, label, colour, dash,
                          " ".join(f"{px},{py}" for px, py in points), count, steps))
    step = max(1, round(top / 5))
    y_ticks = [(y(n), n) for n in range(0, top + 1, step)]
    if y_ticks[-1][1] != top:
        # The total on top, in place of a tick too close to it to be read.
        if y_ticks[-1][0] - y(top) < 14:
            y_ticks.pop()
        y_ticks.append((y(top), top))
    months = list(_months(start, last))
    # No more than about eight labels, whatever the span.
    every = max(1, -(-len(months) // 8))
    x_ticks = [(x(m), m.strftime("%Y-%m")) for m in months[::every]]
    table = []
    for day in sorted({d for d, _k in answers}):
        table.append((day, [sum(1 for d, k in answers if k == line.key and d <= day)
                            for line in lines]))
    return Chart(WIDTH, HEIGHT, lines, x(due) if start <= due <= last else None,
                 due_label, x_ticks, y_ticks, table)
