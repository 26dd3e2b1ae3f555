class ApiError(Exception):
    pass


def charge(card):
    if card is None:
        raise ApiError("payment_declined", status=402)
    if card.expired:
        raise ApiError("invoice/overdue", status=402)
