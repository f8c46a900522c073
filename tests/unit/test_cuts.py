import pytest
from water_collections_utils import cuts


def test_domestic_accounts_are_only_restricted():
    assert cuts.allowed_kinds(False) == (cuts.RESTRICTED,)
    assert cuts.allowed_kinds(True) == (cuts.RESTRICTED, cuts.BOX, cuts.NETWORK)


@pytest.mark.parametrize(
    ("current", "kind", "expected"),
    [
        ("active", "restricted", "suspended"),
        ("active", "box", "cut"),
        ("active", "network", "cut"),
        ("suspended", "box", "cut"),
        ("suspended", "restricted", None),
        ("cut", "restricted", None),
        ("cut", "network", None),
        ("cancelled", "box", None),
    ],
)
def test_state_after_a_cut(current, kind, expected):
    assert cuts.state_after(current, kind) == expected


def test_reconnection_fee_by_kind_of_cut():
    assert cuts.RECONNECTION_PURPOSE["restricted"] == "reconnection_restriction"
    assert cuts.RECONNECTION_PURPOSE["box"] == "reconnection_box"
    assert cuts.RECONNECTION_PURPOSE["network"] == "reconnection_network"


@pytest.mark.parametrize(
    ("debt", "overdue", "agreement", "expected"),
    [
        (500.0, 500.0, False, None),
        (500.0, 120.0, False, None),  # paid in part: still cut
        (500.0, 0.0, False, "paid"),
        (500.0, 0.004, False, "paid"),
        (500.0, 500.0, True, "agreement"),
        (0.0, 0.0, False, None),  # by hand with nothing overdue: only an agreement stops it
        (0.0, 0.0, True, "agreement"),
    ],
)
def test_block_reason(debt, overdue, agreement, expected):
    assert cuts.block_reason(debt, overdue, agreement) == expected


def test_reconnection_due():
    assert cuts.reconnection_due(0.0, False)
    assert cuts.reconnection_due(300.0, True)
    assert not cuts.reconnection_due(300.0, False)
