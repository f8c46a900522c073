from . import water_import_mixin
from . import water_padron_import
from . import water_padron_import_line
from . import water_contract_state_wizard
from . import water_meter_change_wizard
from . import water_portal_access_wizard
