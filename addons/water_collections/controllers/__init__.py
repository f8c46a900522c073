from . import portal
from . import portal_agreement
from . import certificate_verify
