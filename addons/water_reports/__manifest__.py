# Copyright 2026 Water Utility Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Water Utility Reports",
    "summary": "Empty addon of the water utility suite: installs with the others and adds nothing",
    "version": "18.0.0.1.0",
    "category": "Services/Water Utility",
    "website": "https://github.com/water-utility/water-utility",
    "author": "Water Utility Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["water_collections"],
    "data": [],
}
