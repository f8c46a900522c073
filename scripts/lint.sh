#!/usr/bin/env bash
# make lint: ruff and pylint-odoo (OCA's checks) on the addons, scripts and tests.
source "$(dirname "$0")/common.sh"
cd "$PROJECT_DIR"
"$PYTHON" -m pip install -q -r requirements-dev.txt
"$PYTHON" -m ruff check addons scripts tests
"$PYTHON" -m pylint --rcfile=.pylintrc addons/water_registry addons/water_billing addons/water_collections addons/water_reports
echo "lint: clean"
