from datetime import date

from water_collections_utils import certificate


def test_new_code_is_grouped_random_and_normalizes_to_itself():
    codes = {certificate.new_code() for _i in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 24 and code.count("-") == 4
        assert certificate.normalize_code(code) == code


def test_normalize_code_accepts_lower_case_blanks_and_no_dashes():
    code = "ABCD-EFGH-JKMN-PQRS-TUVW"
    assert certificate.normalize_code(" abcd efgh jkmn pqrs tuvw ") == code
    assert certificate.normalize_code("ABCDEFGHJKMNPQRSTUVW") == code


def test_normalize_code_refuses_what_cannot_be_a_code():
    assert certificate.normalize_code("") is None
    assert certificate.normalize_code(None) is None
    assert certificate.normalize_code("ABCD-EFGH") is None
    assert certificate.normalize_code("ABCD-EFGH-JKMN-PQRS-TUV0") is None  # 0 is not in the alphabet
    assert certificate.normalize_code("ABCD-EFGH-JKMN-PQRS-TUVW%") is None
    assert certificate.normalize_code("' OR 1=1 --ABCDEFGHIJK") is None


def test_valid_until_counts_the_issue_day():
    assert certificate.valid_until(date(2026, 1, 1), 30) == date(2026, 1, 30)
    assert certificate.valid_until(date(2026, 1, 1), 1) == date(2026, 1, 1)
    assert certificate.valid_until(date(2026, 1, 1), 0) == date(2026, 1, 1)


def test_status():
    last = date(2026, 1, 30)
    assert certificate.status("requested", False, date(2026, 1, 1)) == "requested"
    assert certificate.status("issued", last, date(2026, 1, 30)) == "valid"
    assert certificate.status("issued", last, date(2026, 1, 31)) == "expired"
    assert certificate.status("revoked", last, date(2026, 1, 2)) == "revoked"


def test_limit_counts_failures_per_ip():
    assert not certificate.limit_reached(certificate.MAX_FAILURES_PER_IP - 1)
    assert certificate.limit_reached(certificate.MAX_FAILURES_PER_IP)


def test_normalize_cadastral_key():
    assert certificate.normalize_cadastral_key("  01-002  abc ") == "01-002 ABC"
    assert certificate.normalize_cadastral_key(None) == ""
