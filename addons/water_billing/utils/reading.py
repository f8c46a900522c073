"""Reading arithmetic: consumption, roll-over, meter change, anomalies, estimation.

Pure functions, independent of Odoo. ``assess`` decides for one reading how the
period is billed and whether a supervisor must look at it first.
"""

import math
from dataclasses import dataclass

from odoo.addons.water_registry.utils.tables import parse_number

# billing basis of a period
MEASURED, ESTIMATED, MINIMUM, NOTHING = "measured", "estimated", "minimum", "none"
# anomalies that send a reading to the supervisor's review queue
NOT_CAPTURED = "not_captured"
NOT_A_NUMBER = "not_a_number"
NEGATIVE = "negative"
LOWER_THAN_PREVIOUS = "lower_than_previous"
ZERO_OCCUPIED = "zero_occupied"
HIGH_CONSUMPTION = "high_consumption"
ROLLOVER_TOP, ROLLOVER_BOTTOM = 0.9, 0.1


def parse_reading(text):
    """A reading as typed or sent -> float; None when empty; ValueError when it is not a number
    that can be read without guessing (``parse_number``: ``12,5`` is 12.5, ``1,234`` is 1234)."""
    number = parse_number(text)
    return None if number is None else float(number)


def meter_difference(previous, current, digits):
    """Consumption between two readings of one meter, with the dial's roll-over.

    Returns (consumption, rolled_over); consumption is None when the reading is
    lower than the previous one and it does not look like a roll-over (the previous
    reading near the top of the dial and the new one near zero).
    """
    if current >= previous:
        return current - previous, False
    capacity = 10**digits
    if previous >= ROLLOVER_TOP * capacity and current < ROLLOVER_BOTTOM * capacity:
        return capacity - previous + current, True
    return None, False


def estimate(history, periods, class_default):
    """Average of the last ``periods`` valid consumptions (newest first), or the class default."""
    recent = [c for c in history if c is not None][:periods]
    if not recent:
        return float(class_default or 0.0)
    return round(sum(recent) / len(recent), 2)


@dataclass
class ReadingInput:
    """What validation needs of one reading; all known when the lot is generated."""

    text: str | None  # what the reader typed or the handheld sent
    previous: float  # last real reading of the meter
    digits: int = 5
    average: float = 0.0  # estimate for the period (history or class default)
    estimated_since: float = 0.0  # consumption billed by estimate since the last real reading
    observation_mode: str | None = None  # billing basis imposed by the observation code, if any
    unoccupied: bool = False  # the observation says nobody lives there (casa sola, baldío)
    minimum: float = 0.0  # minimum volume of the class
    high_factor: float = 3.0  # k: above k x average goes to review
    # meter changed during the period: final reading of the old one, initial of the new one
    old_meter_final: float | None = None
    new_meter_initial: float | None = None
    old_meter_digits: int | None = None


@dataclass
class Assessment:
    basis: str  # measured / estimated / minimum / none
    consumption: float  # m3 to bill for the period (before tariffs)
    anomaly: str | None = None  # set: the supervisor must review before billing
    rolled_over: bool = False
    value: float | None = None  # the reading as a number
    measured: float | None = None  # consumption the meter shows, before the estimate correction
    correction: float = 0.0  # estimate billed before and now discounted


def assess(item):
    """Decide how the period of one reading is billed; never bill an anomaly silently."""
    if item.observation_mode and item.observation_mode != MEASURED:
        return _imposed(item)
    try:
        value = parse_reading(item.text)
    except ValueError:
        return Assessment(ESTIMATED, item.average, NOT_A_NUMBER)
    if value is None:
        return Assessment(ESTIMATED, item.average, NOT_CAPTURED)
    if value < 0:
        return Assessment(ESTIMATED, item.average, NEGATIVE, value=value)
    rolled = False
    if item.old_meter_final is not None:
        old, rolled_old = meter_difference(item.previous, item.old_meter_final, item.old_meter_digits or item.digits)
        new, rolled = meter_difference(item.new_meter_initial or 0.0, value, item.digits)
        if old is None or new is None:
            return Assessment(ESTIMATED, item.average, LOWER_THAN_PREVIOUS, value=value)
        measured, rolled = old + new, rolled or rolled_old
    else:
        measured, rolled = meter_difference(item.previous, value, item.digits)
        if measured is None:
            return Assessment(ESTIMATED, item.average, LOWER_THAN_PREVIOUS, value=value)
    correction = min(item.estimated_since, measured)
    consumption = round(measured - correction, 3)
    result = Assessment(MEASURED, consumption, None, rolled, value, measured, correction)
    if measured == 0 and not item.unoccupied:
        result.anomaly = ZERO_OCCUPIED
    elif item.average > 0 and measured > item.high_factor * item.average:
        result.anomaly = HIGH_CONSUMPTION
    return result


def _imposed(item):
    """The observation code decides: estimated by average, the minimum, or nothing."""
    try:
        value = parse_reading(item.text)
    except ValueError:
        value = None
    if item.observation_mode == ESTIMATED:
        return Assessment(ESTIMATED, item.average, value=value)
    if item.observation_mode == MINIMUM:
        return Assessment(MINIMUM, item.minimum, value=value)
    return Assessment(NOTHING, 0.0, value=value)


def expected_range(previous, average, high_factor):
    """Readings a reader should expect, in whole m³: from the previous one to previous + k x average."""
    low = math.floor(previous)
    return low, math.ceil(previous + high_factor * average) if average else low
