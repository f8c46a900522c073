"""Reading validation benchmark; `make bench-readings N=...` feeds it to `odoo shell` (which gives `env`).

Environment: N (default 100000) contracts, GROUPS (default 5) groups of lots validated
one after another (each committed). Steps: the registry's demo generator makes N contracts
(committed per batch of 1,000), one monthly period and its reading lots are generated
(timed), every reading is filled with a plausible value in batch SQL (a few observation
codes, unreadable, lower and high readings among them), then `action_validate` runs over
the lots group by group (the model assesses 5,000 readings per SQL batch) with the rate
and memory after each group, and one summary line.
"""

import os

from bench_lib import fill_readings, generate_contracts, generate_lots, peak_mib, validate


def main(env):
    n_contracts = int(os.environ.get("N", "100000"))
    n_groups = int(os.environ.get("GROUPS", "5"))
    print(f"readings benchmark: {n_contracts} contracts, one monthly period", flush=True)
    generate_contracts(env, n_contracts)
    period = generate_lots(env)
    filled = fill_readings(env, period)
    validated, seconds = validate(env, period, n_groups)
    assert validated == filled, (validated, filled)
    print(f"readings: {validated} validated, {validated / seconds:.0f} readings/s, peak memory {peak_mib():.0f} MiB")


main(env)  # noqa: F821 - `env` is given by `odoo shell`
