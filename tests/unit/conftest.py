"""Make each addon's plain-Python ``utils`` package importable without Odoo.

``addons/water_registry/utils`` is loaded as ``odoo.addons.water_registry.utils`` (the
name the addons import it by, also from one another's utils) without importing Odoo
or the addon's models, and is also known as ``water_registry_utils`` for the tests.
Every module of each package is loaded once, under both names.
"""

import importlib
import importlib.util
import sys
from pathlib import Path

ADDONS = Path(__file__).resolve().parents[2] / "addons"

_packages = {}
for init in sorted(ADDONS.glob("*/utils/__init__.py")):
    addon = init.parent.parent.name
    name = f"odoo.addons.{addon}.utils"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = sys.modules[f"{addon}_utils"] = package
    _packages[addon] = (spec, package)
for spec, package in _packages.values():
    spec.loader.exec_module(package)
for addon in _packages:
    for path in sorted((ADDONS / addon / "utils").glob("*.py")):
        if path.stem != "__init__":
            module = importlib.import_module(f"odoo.addons.{addon}.utils.{path.stem}")
            sys.modules[f"{addon}_utils.{path.stem}"] = module
            setattr(sys.modules[f"{addon}_utils"], path.stem, module)
