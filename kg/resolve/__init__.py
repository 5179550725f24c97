"""Within-article resolution: one Entity per key, every mention indexed."""
