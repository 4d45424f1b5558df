"""Inventory services: every write to inventory data goes through these modules."""
