"""Plain-Python helpers of the registry: no Odoo imports, unit-tested directly."""
