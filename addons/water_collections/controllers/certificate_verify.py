from odoo import http
from odoo.http import request

from ..models.water_certificate import VERIFY_PATH


class WaterCertificateVerify(http.Controller):
    """The public page where a notary or a buyer checks a no-debt certificate or a letter of non-existence by its
    verification code (typed, or read from the QR). It shows the folio, the kind, the account number (or the
    cadastral key), the issue date, the validity and the status, and nothing else. A wrong code gets the same
    answer whatever the reason; failed look-ups are limited per IP address."""

    @http.route(VERIFY_PATH, type="http", auth="public", methods=["GET", "POST"], website=True, sitemap=False)
    def water_certificate_verify(self, code="", **kwargs):
        values = {"code": (code or "")[:64], "certificate": None, "not_found": False, "limited": False}
        if (code or "").strip():
            Attempt = request.env["water.certificate.verify.attempt"]
            ip_address = request.httprequest.remote_addr
            if Attempt._limit_reached(ip_address):
                values["limited"] = True
            else:
                certificate = request.env["water.certificate"]._water_find_by_code(code)
                Attempt._record(ip_address, certificate)
                if certificate:
                    values["certificate"] = certificate._water_public_values()
                else:
                    values["not_found"] = True
        response = request.render("water_collections.water_certificate_verify_page", values)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
        return response
