from . import product_template
from . import res_company
from . import account_move
from . import water_payment_file
from . import water_payment_file_line
from . import water_forgiveness_campaign
from . import water_surcharge_forgiveness
