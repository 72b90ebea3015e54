"""Date ranges as résumés write them, and years of experience without double counting.

Months are counted on a single axis (``year * 12 + month - 1``) so that overlapping jobs can be
merged as intervals. A bound given as a bare year carries no month; we place it at mid-year
(July), the unbiased guess, so "2018 - 2020" counts two years and "2019 - Mar 2021" about
twenty months rather than anything from 14 to 39.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_SEASONS = {"winter": 1, "spring": 4, "summer": 7, "fall": 10, "autumn": 10}
_YEAR = r"(?:19|20)\d{2}"
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|winter|spring|summer|fall|autumn)"
)
DATE_PATTERN = (
    rf"(?:{_MONTH_NAME}\.?,?\s+'?{_YEAR}"
    rf"|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
    rf"|{_YEAR}\s*[/.-]\s*(?:0[1-9]|1[0-2])(?!\d)"
    rf"|{_YEAR})"
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|date|ongoing)"
_SEPARATOR = r"\s*(?:-|\u2013|\u2014|\u2015|~|to|until|till|through)\s*"
RANGE_RE = re.compile(
    rf"(?<![\w/.])(?P<start>{DATE_PATTERN}){_SEPARATOR}(?P<end>{DATE_PATTERN}|{_PRESENT})(?!\w)",
    re.IGNORECASE,
)
SINCE_RE = re.compile(rf"\bsince\s+(?P<start>{DATE_PATTERN})(?!\w)", re.IGNORECASE)
YEAR_RE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_PRESENT_RE = re.compile(rf"^{_PRESENT}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class MonthYear:
    year: int
    month: int | None  # None: only the year was written

    @property
    def index(self) -> int:
        return self.year * 12 + (self.month or 7) - 1

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True, slots=True)
class DateRange:
    start: MonthYear
    end: MonthYear | None  # None: still in this role
    span: tuple[int, int]  # where the range was written, to strip it from the line

    def months(self, today: date) -> int:
        """Length in months; a month-precise end month counts as worked, as readers take it."""
        start = self.start.index
        if self.end is None:
            end = today.year * 12 + today.month
        elif self.end.month is None:
            end = self.end.index
        else:
            end = self.end.index + 1
        months = end - start
        if months <= 0 and (self.start.month is None or (self.end and self.end.month is None)):
            return 6  # "2020 - 2020": some part of one year
        return max(months, 0)

    def interval(self, today: date) -> tuple[int, int]:
        return self.start.index, self.start.index + self.months(today)


def parse_date(text: str) -> MonthYear | None:
    text = text.strip().lower().replace("'", "")
    year_match = YEAR_RE.search(text)
    if not year_match:
        return None
    year = int(year_match.group())
    word = re.match(r"[a-z]+", text)
    if word:
        key = word.group()
        if key in _SEASONS:
            return MonthYear(year, _SEASONS[key])
        return MonthYear(year, _MONTHS.get(key[:3]))
    numbers = [int(number) for number in re.findall(r"\d+", text)]
    months = [number for number in numbers if number != year and 1 <= number <= 12]
    return MonthYear(year, months[0] if months else None)


def find_range(line: str) -> DateRange | None:
    """The first date range in a line ("Mar 2019 - Present", "2016-2018", "since 2020")."""
    match = RANGE_RE.search(line)
    if match:
        start = parse_date(match.group("start"))
        end_text = match.group("end")
        end = None if _PRESENT_RE.match(end_text.strip()) else parse_date(end_text)
        if start and (end is None or end.index >= start.index or end.month is None):
            return DateRange(start, end, match.span())
    match = SINCE_RE.search(line)
    if match:
        start = parse_date(match.group("start"))
        if start:
            return DateRange(start, None, match.span())
    return None


def merged_months(intervals: Iterable[tuple[int, int]]) -> int:
    """Months covered by the union of intervals: two jobs held at once count once."""
    total = 0
    current_start: int | None = None
    current_end = 0
    for start, end in sorted(intervals):
        if current_start is None or start > current_end:
            if current_start is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None:
        total += current_end - current_start
    return total
