from . import portal
from . import portal_statement
from . import tariff_template
