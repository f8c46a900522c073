"""No-debt certificates and cartas de inexistencia: verification codes, validity and status, and the limits on
the public verification page.

A verification code has 20 characters of an alphabet of 31 (no 0/O, 1/I/L): 31^20 ≈ 2^99 values, printed as
five groups of four (ABCD-EFGH-...). With at most 20 failed tries per IP address in 24 hours, guessing one is
out of reach."""

import re
import secrets
from datetime import timedelta

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 20
GROUP = 4
MAX_FAILURES_PER_IP = 20
WINDOW_HOURS = 24


def new_code():
    """A random verification code, grouped for reading: ABCD-EFGH-JKMN-PQRS-TUVW."""
    raw = "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalize_code(typed):
    """The code as stored, from what somebody typed or the QR carried: upper case, blanks and dashes ignored,
    regrouped. None when it cannot be a code (wrong length or characters), so it is never looked up."""
    raw = re.sub(r"[\s\-]+", "", typed or "").upper()
    if len(raw) != CODE_LENGTH or any(char not in ALPHABET for char in raw):
        return None
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def valid_until(issue_day, validity_days):
    """The last day a certificate issued on ``issue_day`` is valid (the issue day counts as the first)."""
    return issue_day + timedelta(days=max(validity_days, 1) - 1)


def status(state, date_valid_until, today):
    """What a certificate is worth on ``today``: requested, valid, expired or revoked."""
    if state == "revoked":
        return "revoked"
    if state != "issued":
        return "requested"
    if date_valid_until and today > date_valid_until:
        return "expired"
    return "valid"


def limit_reached(ip_failures):
    """True when the address used up its failed attempts in the window."""
    return ip_failures >= MAX_FAILURES_PER_IP


def normalize_cadastral_key(key):
    """A cadastral key as it is compared: no surrounding blanks, inner blanks collapsed, upper case."""
    return " ".join((key or "").split()).upper()
