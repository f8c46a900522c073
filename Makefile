# Water utility commercial system on Odoo 18: the commands of the README.
.PHONY: run test lint bench bench-import bench-readings bench-cash bench-arrears bench-reports bench-anomaly bench-simulation demo-big i18n help

N ?= 100000
BILLS_N ?= 20000

help:
	@echo "make run           serve the demo utility on http://localhost:8069"
	@echo "make test          every test (pytest + Odoo tests + tours); last line 'N passed, N failed'"
	@echo "make lint          ruff and pylint-odoo"
	@echo "make bench         the bill run over N contracts (20000; N=100000 too) against plain Odoo invoices"
	@echo "make bench-import  import 10,000 padrón rows from CSV and print the figures"
	@echo "make demo-big N=.. generate N contracts into a scratch database (flat memory)"
	@echo "make bench-readings N=..  N contracts (100000): one period's lots, capture and validation"
	@echo "make bench-cash N=..  N receipts (2000) in one cashier session: posting and closing"
	@echo "make bench-arrears N=..  N accounts (100000), 24 periods of bills and payments: aging list and snapshot"
	@echo "make bench-reports N=..  N accounts (100000), 24 periods: the dashboard's figures and the income XLSX"
	@echo "make bench-simulation N=..  N accounts (100000), 12 periods of bills re-priced by the tariff simulator"
	@echo "make bench-anomaly N=..  N accounts (100000), 24 periods of readings: loss and anomaly scoring"
	@echo "make i18n ADDON=.. export the addon's terms and merge them into i18n/es_MX.po"

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

lint:
	@bash scripts/lint.sh

bench:
	@N=$(if $(filter command line,$(origin N)),$(N),$(BILLS_N)) bash scripts/bench.sh bills

bench-import:
	@bash scripts/bench.sh import

demo-big:
	@N=$(N) bash scripts/bench.sh generate

bench-readings:
	@N=$(N) bash scripts/bench.sh readings

bench-cash:
	@N=$(if $(filter command line environment,$(origin N)),$(N),2000) bash scripts/bench.sh cash

bench-arrears:
	@N=$(N) bash scripts/bench.sh arrears

bench-reports:
	@N=$(N) bash scripts/bench.sh reports

bench-anomaly:
	@N=$(N) bash scripts/bench.sh anomaly

bench-simulation:
	@N=$(N) bash scripts/bench.sh simulation

i18n:
	@ADDON=$(ADDON) bash scripts/i18n.sh
