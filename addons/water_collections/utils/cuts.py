"""The rules of cut and reconnection orders, without Odoo: which kinds of cut an account's class allows, the
state an executed cut leaves the account in, the catalogue purpose of the reconnection that undoes it, and whether
an order must not be executed any more."""

RESTRICTED = "restricted"
BOX = "box"
NETWORK = "network"
CUT_KINDS = (RESTRICTED, BOX, NETWORK)

# the account's state once the cut is executed
TARGET_STATE = {RESTRICTED: "suspended", BOX: "cut", NETWORK: "cut"}
# the reconnection fee (charges catalogue purpose) by the kind of cut it undoes
RECONNECTION_PURPOSE = {
    RESTRICTED: "reconnection_restriction",
    BOX: "reconnection_box",
    NETWORK: "reconnection_network",
}
# how far each state is from a served account: a cut never moves an account back towards service
STATE_DEPTH = {"active": 0, "suspended": 1, "cut": 2}

BLOCK_PAID = "paid"
BLOCK_AGREEMENT = "agreement"


def allowed_kinds(may_cut):
    """The kinds of cut an order may be executed as: restriction only when the class may not be cut (domestic
    accounts keep a minimum vital supply)."""
    return CUT_KINDS if may_cut else (RESTRICTED,)


def state_after(current, kind):
    """The account's state after a cut of ``kind``, or None when it already is there or further (a restriction
    on a cut account changes nothing)."""
    target = TARGET_STATE[kind]
    if current not in STATE_DEPTH or STATE_DEPTH[current] >= STATE_DEPTH[target]:
        return None
    return target


def block_reason(debt_at_issue, overdue_now, agreement_signed):
    """Why a cut order must not be executed, or None: an agreement was signed since it was issued, or the overdue
    debt it was issued for is paid (nothing overdue any more). An order issued with no overdue debt (by hand) is
    only stopped by an agreement."""
    if agreement_signed:
        return BLOCK_AGREEMENT
    if round(debt_at_issue or 0.0, 2) > 0 and round(overdue_now or 0.0, 2) <= 0:
        return BLOCK_PAID
    return None


def reconnection_due(overdue_now, agreement_active):
    """An account cut for debt is reconnected once its overdue debt is paid or an agreement is active."""
    return bool(agreement_active) or round(overdue_now or 0.0, 2) <= 0
