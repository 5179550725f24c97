"""Stores: where article graphs live. ``open_store`` picks one from a location string."""

from kg.store.base import ArticleInfo, PutOutcome, StoreError, StoreLocked
from kg.store.registry import open_store

__all__ = ["ArticleInfo", "PutOutcome", "StoreError", "StoreLocked", "open_store"]
