"""The secret printed on each bill that lets a citizen link the account to a portal login.

Eight characters drawn by ``secrets`` from an alphabet without look-alikes (no 0/O, 1/I/L):
31^8, about 8.5 * 10^11 possibilities, never sequential. Citizens type it with or without the dash,
in either case.
"""

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8


def generate_secret():
    """A fresh random secret, e.g. ``'K7QM2XHD'``."""
    return "".join(secrets.choice(ALPHABET) for _index in range(LENGTH))


def normalize_secret(text):
    """What the citizen typed, as stored: upper case, without spaces or dashes."""
    return "".join(char for char in (text or "").upper() if char.isalnum())


def format_secret(secret):
    """The secret as printed: two groups of four, ``'K7QM-2XHD'``."""
    secret = normalize_secret(secret)
    return f"{secret[:4]}-{secret[4:]}" if len(secret) == LENGTH else secret


def secrets_match(stored, typed):
    """Constant-time comparison of the stored secret with what the citizen typed."""
    if not stored:
        return False
    return secrets.compare_digest(normalize_secret(stored), normalize_secret(typed))
