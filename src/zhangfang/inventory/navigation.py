"""The inventory section of the menu."""


def register_navigation() -> None:
    """Filled in with the inventory pages."""
