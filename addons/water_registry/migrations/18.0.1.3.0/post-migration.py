import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """Account numbers in their one normal form (utils/account_number.py): without blanks, upper case.

    Numbers were only trimmed and upper-cased before, so a number typed with an inner blank
    ("1000 0001") was stored so. A number whose normal form another account of the company
    already has is left as it is and logged: the commercial manager decides which one changes.
    """
    cr.execute(
        r"""
        WITH normal AS (
            SELECT id, company_id, upper(regexp_replace(number, '\s', '', 'g')) AS number
              FROM water_contract
             WHERE number <> upper(regexp_replace(number, '\s', '', 'g'))
        ), free AS (
            SELECT n.id, n.number
              FROM normal n
             WHERE NOT EXISTS (SELECT 1 FROM water_contract c
                                WHERE c.company_id = n.company_id AND c.number = n.number AND c.id <> n.id)
               AND (SELECT count(*) FROM normal o WHERE o.company_id = n.company_id AND o.number = n.number) = 1
        )
        UPDATE water_contract c SET number = free.number FROM free WHERE c.id = free.id
        RETURNING c.id
        """
    )
    _logger.info("%s account numbers put in their normal form", cr.rowcount)
    cr.execute(
        r"""
        SELECT id, number FROM water_contract WHERE number <> upper(regexp_replace(number, '\s', '', 'g'))
        """
    )
    for contract_id, number in cr.fetchall():
        _logger.warning(
            "Account %s (id %s) keeps its number: its normal form is the number of another account", number, contract_id
        )
