"""Read the pytest and Odoo test logs and print one line: ``N passed, N failed``.

Odoo reports skipped tests only as log lines, and an addon that fails to install
only as ERROR lines; both count as failures here, so that a run where the tours
were skipped (no Chromium, no websocket-client) or an addon did not install
never looks green.
"""

import argparse
import re
import sys

PYTEST_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped)")
ODOO_RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
ODOO_SKIP = re.compile(r": skipped (.*)$")
ODOO_ERROR = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")


def pytest_counts(text):
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    lines = [line for line in text.splitlines() if PYTEST_COUNT.search(line)]
    for number, kind in PYTEST_COUNT.findall(lines[-1] if lines else ""):
        key = "failed" if kind.startswith("error") else kind
        counts[key] = counts.get(key, 0) + int(number)
    return counts


def odoo_counts(text, rc):
    problems = []
    results = ODOO_RESULT.findall(text)
    if not results:
        problems.append("Odoo printed no test result line (did the addons install?)")
        failed, errors, run = 0, 0, 0
    else:
        failed, errors, run = (int(x) for x in results[-1])
    skipped = [m.group(1) for m in map(ODOO_SKIP.search, text.splitlines()) if m]
    for reason in skipped:
        problems.append(f"skipped test: {reason}")
    if "websocket-client module is not installed" in text:
        problems.append("browser tests were skipped: websocket-client is not installed")
    error_lines = [line for line in text.splitlines() if ODOO_ERROR.match(line)]
    if error_lines and not (failed or errors):
        problems.append(f"{len(error_lines)} ERROR lines in the Odoo log, first: {error_lines[0][:300]}")
    if rc:
        problems.append(f"Odoo exited with code {rc}")
    passed = run - failed - errors - len(skipped)
    return passed, failed + errors + len(skipped), problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pytest", required=True)
    parser.add_argument("--odoo", required=True)
    parser.add_argument("--odoo-rc", type=int, default=0)
    args = parser.parse_args()
    with open(args.pytest, encoding="utf-8", errors="replace") as fh:
        unit = pytest_counts(fh.read())
    with open(args.odoo, encoding="utf-8", errors="replace") as fh:
        odoo_passed, odoo_failed, problems = odoo_counts(fh.read(), args.odoo_rc)
    if unit["skipped"]:
        problems.append(f"{unit['skipped']} pytest tests skipped")
    passed = unit["passed"] + odoo_passed
    failed = unit["failed"] + unit["skipped"] + odoo_failed
    if problems and not failed:
        failed = 1
    print(
        f"unit tests: {unit['passed']} passed, {unit['failed']} failed; "
        f"Odoo tests: {odoo_passed} passed, {odoo_failed} failed"
    )
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
