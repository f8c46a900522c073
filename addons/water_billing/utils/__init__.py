"""Plain-Python helpers of billing: no Odoo imports, unit-tested directly."""
