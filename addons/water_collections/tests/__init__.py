from . import test_payment_import
from . import test_surcharge
from . import test_forgiveness
