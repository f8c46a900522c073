"""Demo generator benchmark; `make demo-big N=...` feeds it to `odoo shell` (which gives `env`).

Environment: N (default 100000) contracts, BATCH (default 1000) rows a batch. Prints
the rate and the memory at about five checkpoints (flat memory: the resident size
stays level after the first batches), then one summary line.
"""

import os
import resource
import time


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(env):
    n_contracts = int(os.environ.get("N", "100000"))
    batch_size = int(os.environ.get("BATCH", "1000"))
    step = max(batch_size, n_contracts // 5 // batch_size * batch_size)
    generator = env["water.demo.generator"]
    generator_class = type(generator)
    create_batch = generator_class._create_batch
    started = time.perf_counter()
    progress = {"done": 0, "mark_done": 0, "mark_time": started}

    def create_batch_with_checkpoints(self, importer, known, rows, commit):
        count = create_batch(self, importer, known, rows, commit)
        progress["done"] += count
        done = progress["done"]
        if done // step > (done - count) // step or done == n_contracts:
            now = time.perf_counter()
            rate = (done - progress["mark_done"]) / (now - progress["mark_time"])
            print(
                f"  {done:>8} contracts, {now - started:7.1f} s, {rate:5.0f} contracts/s since last, "
                f"RSS {rss_mib():4.0f} MiB, peak {peak_mib():4.0f} MiB",
                flush=True,
            )
            progress.update(mark_done=done, mark_time=now)
        return count

    print(f"demo generator: {n_contracts} contracts in batches of {batch_size}, committed per batch", flush=True)
    # checkpoints: wrap the per-batch step of this process's registry class, then restore it
    generator_class._create_batch = create_batch_with_checkpoints
    try:
        created = generator._generate(n_contracts, batch_size=batch_size, commit=True, extras=False)
    finally:
        del generator_class._create_batch
    seconds = time.perf_counter() - started
    total = env["water.contract"].search_count([])
    assert created == n_contracts == total, (created, n_contracts, total)
    print(
        f"demo generator: {n_contracts} contracts, {n_contracts / seconds:.0f} contracts/s, "
        f"peak memory {peak_mib():.0f} MiB"
    )


main(env)  # noqa: F821 - `env` is given by `odoo shell`
