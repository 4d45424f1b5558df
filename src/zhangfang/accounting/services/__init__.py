"""Every write of the ledger. Import the functions from their modules:
``accounts`` (chart, journals), ``periods``, ``entries``."""
