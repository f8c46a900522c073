from . import water_payment_import
from . import water_payment_import_line
