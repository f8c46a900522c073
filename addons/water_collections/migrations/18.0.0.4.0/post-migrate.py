"""The account's ledger in collections: the lines of the receipts posted before keep the journal item they paid
and its kind, and the payments of the files and online carry the account on their receivable line, even the part
of an online payment that was left open (it is the account's credit now). Window receipts were always reconciled
whole with the bills, so billing's migration (18.0.1.2.0) gave their lines the account already."""


def migrate(cr, version):
    if not version:
        return
    # receipts paid bills only (customer invoices): the bill's receivable line, a bill or a surcharge
    cr.execute(
        """
        UPDATE water_cash_receipt_line rl
           SET move_line_id = l.id,
               kind = CASE WHEN COALESCE(m.water_is_surcharge, FALSE) OR rl.is_surcharge THEN 'surcharge'
                           WHEN m.water_period_id IS NOT NULL THEN 'bill' ELSE 'charge' END
          FROM account_move m, account_move_line l, account_account a
         WHERE m.id = rl.move_id AND l.move_id = m.id AND a.id = l.account_id
           AND a.account_type = 'asset_receivable' AND rl.move_line_id IS NULL
        """
    )
    # bank and store files: each payment's receivable line
    cr.execute(
        """
        UPDATE account_move_line l
           SET water_contract_id = fl.contract_id
          FROM water_payment_file_line fl
         WHERE l.id = fl.move_line_id AND l.water_contract_id IS NULL AND fl.contract_id IS NOT NULL
        """
    )
    # online payments: the receivable line of the transaction's payment
    cr.execute(
        """
        UPDATE account_move_line l
           SET water_contract_id = tx.water_contract_id
          FROM payment_transaction tx, account_payment p, account_account a
         WHERE p.id = tx.payment_id AND l.move_id = p.move_id AND a.id = l.account_id
           AND a.account_type = 'asset_receivable' AND l.water_contract_id IS NULL
           AND tx.water_contract_id IS NOT NULL
        """
    )
