from water_registry_utils import portal_link, portal_upload

PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def test_allowed_files_give_their_mimetype_whatever_the_case_of_the_name():
    assert portal_upload.check_file("credencial.PDF", PDF) == ("application/pdf", None)
    assert portal_upload.check_file("foto.png", PNG) == ("image/png", None)
    assert portal_upload.check_file("foto.JPeG", JPG) == ("image/jpeg", None)
    assert portal_upload.check_file("foto.jpg", JPG) == ("image/jpeg", None)


def test_other_types_and_renamed_files_are_refused():
    assert portal_upload.check_file("virus.exe", b"MZ\x90\x00") == (None, portal_upload.BAD_TYPE)
    assert portal_upload.check_file("virus.pdf", b"MZ\x90\x00") == (None, portal_upload.BAD_TYPE)
    assert portal_upload.check_file("foto.png", JPG) == (None, portal_upload.BAD_TYPE)
    assert portal_upload.check_file("sin_extension", PDF) == (None, portal_upload.BAD_TYPE)
    assert portal_upload.check_file(None, PDF) == (None, portal_upload.BAD_TYPE)


def test_empty_and_too_big_files_are_refused():
    assert portal_upload.check_file("a.pdf", b"") == (None, portal_upload.EMPTY)
    assert portal_upload.check_file("a.pdf", PDF + b"x" * 100, max_size=50) == (None, portal_upload.TOO_BIG)
    exact = PDF + b"x" * (50 - len(PDF))
    assert portal_upload.check_file("a.pdf", exact, max_size=50) == ("application/pdf", None)


def test_clean_filename_drops_folders():
    assert portal_upload.clean_filename("C:\\Users\\rosa\\ine.pdf") == "ine.pdf"
    assert portal_upload.clean_filename("../../etc/passwd.png") == "passwd.png"
    assert portal_upload.clean_filename("  ") == "archivo"


def test_link_limits_per_user_and_per_address():
    assert not portal_link.limit_reached(0, 0)
    assert not portal_link.limit_reached(portal_link.MAX_FAILURES_PER_USER - 1, portal_link.MAX_FAILURES_PER_IP - 1)
    assert portal_link.limit_reached(portal_link.MAX_FAILURES_PER_USER, 0)
    assert portal_link.limit_reached(0, portal_link.MAX_FAILURES_PER_IP)
