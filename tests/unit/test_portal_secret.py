from water_registry_utils import portal_secret


def test_secret_uses_the_unambiguous_alphabet_and_length():
    for _index in range(200):
        secret = portal_secret.generate_secret()
        assert len(secret) == portal_secret.LENGTH
        assert set(secret) <= set(portal_secret.ALPHABET)
        assert not set(secret) & set("01ILO")


def test_secrets_are_not_repeated_nor_sequential():
    drawn = [portal_secret.generate_secret() for _index in range(2000)]
    assert len(set(drawn)) == len(drawn)
    assert drawn != sorted(drawn)


def test_typed_secret_matches_with_dash_spaces_and_lower_case():
    assert portal_secret.format_secret("K7QM2XHD") == "K7QM-2XHD"
    assert portal_secret.secrets_match("K7QM2XHD", " k7qm-2xhd ")
    assert portal_secret.secrets_match("K7QM2XHD", "K7QM 2XHD")
    assert not portal_secret.secrets_match("K7QM2XHD", "K7QM2XHE")
    assert not portal_secret.secrets_match("", "")
    assert not portal_secret.secrets_match(False, "K7QM2XHD")
