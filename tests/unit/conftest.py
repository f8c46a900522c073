"""Make each addon's plain-Python ``utils`` package importable without Odoo.

``addons/water_registry/utils`` becomes the package ``water_registry_utils``.
"""

import importlib.util
import sys
from pathlib import Path

ADDONS = Path(__file__).resolve().parents[2] / "addons"

for init in sorted(ADDONS.glob("*/utils/__init__.py")):
    name = f"{init.parent.parent.name}_utils"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
