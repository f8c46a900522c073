"""The consumption bar chart printed on the bill: bar heights from the billed volumes.

Independent of Odoo. The report draws the bars as table cells of the computed heights
(wkhtmltopdf's old WebKit has no flexbox), so the geometry is decided here.
"""

MAX_PERIODS = 12


def volume_text(volume):
    """15.0 -> '15', 15.25 -> '15.3': whole m³ as they are, otherwise one decimal."""
    value = round(float(volume or 0.0), 1)
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def bars(periods, max_height=20.0, min_height=0.8, max_periods=MAX_PERIODS):
    """periods: [(label, sublabel, volume), ...] oldest first -> the last ``max_periods`` bars:
    [{"label", "sublabel", "volume", "text", "height", "current"}], height in the unit of
    ``max_height`` (mm on the bill), proportional to the largest volume shown. A period with some
    consumption never disappears (``min_height``); nothing consumed draws no bar."""
    periods = list(periods)[-max_periods:] if max_periods else list(periods)
    top = max((max(float(volume or 0.0), 0.0) for _l, _s, volume in periods), default=0.0)
    result = []
    for label, sublabel, volume in periods:
        volume = max(float(volume or 0.0), 0.0)
        height = 0.0
        if top > 0 and volume > 0:
            height = round(max(volume / top * max_height, min_height), 2)
        result.append(
            {
                "label": label,
                "sublabel": sublabel,
                "volume": volume,
                "text": volume_text(volume),
                "height": height,
                "current": False,
            }
        )
    return result
