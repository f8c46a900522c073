"""The account's ledger: every journal item of a move of an account carries the account, filled by SQL
before the field exists so that Odoo does not compute it line by line."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE account_move_line ADD COLUMN IF NOT EXISTS water_contract_id integer")
    cr.execute(
        """
        UPDATE account_move_line l
           SET water_contract_id = m.water_contract_id
          FROM account_move m
         WHERE m.id = l.move_id AND m.water_contract_id IS NOT NULL AND l.water_contract_id IS NULL
        """
    )
    # payments reconciled with an account's items (window, files, online) join its ledger
    cr.execute(
        """
        UPDATE account_move_line other
           SET water_contract_id = own.water_contract_id
          FROM account_partial_reconcile p
          JOIN account_move_line own ON own.id IN (p.debit_move_id, p.credit_move_id)
         WHERE own.water_contract_id IS NOT NULL
           AND other.id IN (p.debit_move_id, p.credit_move_id) AND other.id != own.id
           AND other.water_contract_id IS NULL
        """
    )
