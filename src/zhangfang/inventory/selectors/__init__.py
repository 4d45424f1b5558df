"""Inventory read queries: stock figures, replenishment needs, and the pages' lists."""
