"""Plain-Python helpers of collections: no Odoo imports, unit-tested directly."""
