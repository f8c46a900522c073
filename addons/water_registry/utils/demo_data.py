"""Deterministic data for the demo utility (fixed seed), independent of Odoo.

``padron_rows`` yields rows in the padrón import format one at a time, so that
100,000+ contracts can be generated in batches with flat memory.
"""

import random

FIRST_NAMES = (
    "José",
    "María",
    "Juan",
    "Guadalupe",
    "Francisco",
    "Juana",
    "Antonio",
    "Margarita",
    "Jesús",
    "Josefina",
    "Miguel",
    "Verónica",
    "Pedro",
    "Leticia",
    "Alejandro",
    "Rosa",
    "Manuel",
    "Patricia",
    "Ricardo",
    "Elizabeth",
    "Fernando",
    "Alejandra",
    "Javier",
    "Gabriela",
    "Roberto",
    "Adriana",
    "Daniel",
    "Silvia",
    "Carlos",
    "Martha",
    "Eduardo",
    "Laura",
    "Raúl",
    "Teresa",
    "Sergio",
    "Claudia",
    "Arturo",
    "Araceli",
    "Jorge",
    "Norma",
)
SURNAMES = (
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Díaz",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Moreno",
    "Castillo",
    "Romero",
    "Álvarez",
    "Méndez",
    "Chávez",
    "Rivera",
    "Juárez",
    "Ramos",
    "Domínguez",
    "Herrera",
    "Medina",
    "Castro",
    "Vargas",
    "Guzmán",
    "Velázquez",
    "Rojas",
)
STREETS = (
    "Av. Hidalgo",
    "Calle Morelos",
    "Calle Juárez",
    "Av. Revolución",
    "Calle Allende",
    "Calle Aldama",
    "Av. Independencia",
    "Calle Guerrero",
    "Calle Zaragoza",
    "Calle Madero",
    "Calle Matamoros",
    "Av. Insurgentes",
    "Calle Abasolo",
    "Calle Galeana",
    "Calle Iturbide",
    "Calle Bravo",
    "Calle Niños Héroes",
    "Calle 5 de Mayo",
    "Calle 16 de Septiembre",
    "Calle Ocampo",
    "Calle Pípila",
    "Calle Jiménez",
    "Av. Constitución",
    "Calle Obregón",
)
SECTORS = (
    ("S1", "Centro", ("Zona Centro", "Barrio de San Juan", "El Carmen", "La Luz")),
    ("S2", "Norte", ("Lomas del Norte", "Las Fuentes", "Villas del Sol", "Infonavit Norte")),
    ("S3", "Oriente", ("Jardines del Oriente", "San Isidro", "Los Álamos", "Industrial Oriente")),
)
ZIP_BY_SECTOR = {"S1": 38300, "S2": 38310, "S3": 38320}
COMPANIES = (
    "Abarrotes",
    "Tortillería",
    "Farmacia",
    "Papelería",
    "Lavandería",
    "Taller Mecánico",
    "Restaurante",
    "Purificadora",
    "Carnicería",
    "Panadería",
    "Hotel",
    "Escuela Primaria",
)
METER_BRANDS = (
    ("Cicasa", "CIC", '1/2"', 5),
    ("Badger", "BDG", '1/2"', 6),
    ("Elster", "ELS", '1/2"', 5),
    ("Itron", "ITR", '3/4"', 6),
    ("Zenner", "ZEN", '1"', 6),
    ("Sensus", "SEN", '2"', 7),
)
# class code, weight, property type
CLASSES = (
    ("DOM", 85, "house"),
    ("COM", 9, "shop"),
    ("MIX", 3, "mixed"),
    ("IND", 1, "industry"),
    ("PUB", 2, "public_building"),
)
DISCOUNT_TYPES = ("pensioner", "retiree", "inapam", "disability", "widowhood")
EMPLOYEE_ROLES = (("reader", None), ("cashier", 4), ("notifier", 2), ("plumber", 3), ("meter_technician", 1))


def route_count(n_contracts):
    """About 125 accounts a route for the demo, never fewer than 12 routes."""
    return max(12, -(-n_contracts // 400))


def routes(n_contracts):
    """[(sector code, route code, route name)] spread over the three sectors."""
    total = route_count(n_contracts)
    result = []
    for index in range(total):
        sector_code, sector_name, _colonias = SECTORS[index % len(SECTORS)]
        number = index // len(SECTORS) + 1
        result.append((sector_code, f"R{number:02d}", f"{sector_name} {number:02d}"))
    return result


def person_name(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"


def padron_rows(n_contracts, seed=2026):
    """Yield n padrón rows (dicts in the import format), deterministic for a seed."""
    rng = random.Random(seed)
    route_list = routes(n_contracts)
    per_route = -(-n_contracts // len(route_list))
    class_codes = [c[0] for c in CLASSES]
    class_weights = [c[1] for c in CLASSES]
    for index in range(n_contracts):
        sector_code, route_code, _name = route_list[index // per_route]
        position = index % per_route + 1
        colonias = {s[0]: s[2] for s in SECTORS}[sector_code]
        class_code = rng.choices(class_codes, class_weights)[0]
        if class_code in ("COM", "IND") and rng.random() < 0.7:
            holder = f"{rng.choice(COMPANIES)} {rng.choice(SURNAMES)} S.A. de C.V."
        else:
            holder = person_name(rng)
        draw = rng.random()
        if draw < 0.06:
            unmetered = "cuota fija"
        elif draw < 0.08:
            unmetered = "volumen"
        else:
            unmetered = ""
        services = "agua, drenaje, saneamiento"
        if rng.random() < 0.03:
            services = "agua"
        elif class_code == "IND" and rng.random() < 0.5:
            services = "drenaje, saneamiento"  # own well
            unmetered = unmetered or "cuota fija"
        brand, prefix, diameter, digits = rng.choice(METER_BRANDS)
        if class_code == "DOM":
            diameter, digits = '1/2"', 5
        metered = not unmetered and "agua" in services
        row = {
            "account_number": f"{int(sector_code[1:])}{index + 1:07d}",
            "holder_name": holder,
            "holder_vat": "",
            "holder_phone": f"461 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            "holder_email": "",
            "cadastral_key": f"{sector_code[1:]}-{index // 40 + 1:04d}-{index % 40 + 1:03d}",
            "street": rng.choice(STREETS),
            "street_number": str(rng.randint(1, 1500)),
            "colonia": rng.choice(colonias),
            "zip": str(ZIP_BY_SECTOR[sector_code] + rng.randint(0, 9)),
            "sector": sector_code,
            "route": route_code,
            "route_position": str(position),
            "service_class": class_code,
            "services": services,
            "meter_serial": f"{prefix}-{2015 + index % 10}-{index + 1:07d}" if metered else "",
            "meter_brand": brand if metered else "",
            "meter_diameter": diameter if metered else "",
            "meter_digits": str(digits) if metered else "",
            "initial_reading": str(rng.randint(0, 2500)) if metered else "",
            "unmetered_billing": unmetered,
            "assumed_volume": str(rng.randint(12, 30)) if unmetered == "volumen" else "",
        }
        yield row


def employees(n_routes, seed=2026):
    """[(name, role)]: a reader per route (at most 12) and the other field roles."""
    rng = random.Random(seed + 1)
    result = []
    for role, count in EMPLOYEE_ROLES:
        for _index in range(count if count is not None else min(n_routes, 12)):
            result.append((person_name(rng), role))
    return result
