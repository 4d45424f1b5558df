"""Purchasing services, one module per document; every write goes through them."""
