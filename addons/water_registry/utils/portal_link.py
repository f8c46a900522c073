"""Limits on the attempts to link a water account to a portal login with the bill's secret.

A secret has 31^8 possible values; with at most 5 failed tries per login and 20 per IP address
in 24 hours, guessing one is out of reach."""

MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_IP = 20
WINDOW_HOURS = 24


def limit_reached(user_failures, ip_failures):
    """True when the login or the address already used up its failed attempts in the window."""
    return user_failures >= MAX_FAILURES_PER_USER or ip_failures >= MAX_FAILURES_PER_IP
