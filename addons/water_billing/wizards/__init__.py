from . import water_billing_period_generate
from . import water_reading_import_line
from . import water_reading_import
from . import water_statement_wizard
from . import water_charge_cancel
from . import water_contract_rescission_wizard
from . import water_tariff_import_line
from . import water_tariff_import
