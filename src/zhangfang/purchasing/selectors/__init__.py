"""Read queries of purchasing, one module per subject."""
