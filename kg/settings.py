"""Configuration, read from ``NEWSKG_*`` environment variables (or a ``.env`` file).

One settings object is shared by the CLI and the API; FastAPI receives it through
dependency injection, so tests can override any field without touching the
environment.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BASE_IRI = "https://w3id.org/newskg/id/"


class Settings(BaseSettings):
    """Every knob of newskg, with the defaults a single-machine user wants."""

    model_config = SettingsConfigDict(env_prefix="NEWSKG_", env_file=".env", extra="ignore")

    base_iri: str = Field(DEFAULT_BASE_IRI, description="Base under which instance IRIs are minted.")
    spacy_model: str = Field(
        "",
        description="spaCy pipeline to load; empty means en_core_web_sm, else its PyPI republication.",
    )
    store: str = Field("./newskg-data", description="Store directory or SPARQL endpoint URL.")
    api_token: str | None = Field(None, description="Bearer token that enables writes in the API.")
    query_timeout: float = Field(30.0, description="Seconds before a SPARQL query is stopped.")
    extraction_timeout: float = Field(10.0, gt=0, description="Seconds one article may take to extract (NLP, rules, "
                                      "RDF; for POST /articles its validation too) before its process is killed and "
                                      "the article refused.")
    test_hook_stall_marker: str = Field("", description="TEST HOOK, never set in use: an article whose text holds "
                                        "this string makes its extraction spin until the time limit stops it.")
    max_rows: int = Field(100_000, description="Cap on result rows returned by one query.")
    max_concurrent_queries: int = Field(8, description="Queries evaluated at once; more wait.")
    result_cache_bytes: int = Field(64 * 1024 * 1024, description="Memory for cached query answers of a "
                                    "read-only server, per process; 0 turns the cache off.")
    inline_queries: bool = Field(False, description="Evaluate queries in the web process. Set by `newskg serve`, "
                                 "whose supervisor replaces a process whose query overran; an app embedded "
                                 "elsewhere keeps its killable worker processes.")
    max_body_bytes: int = Field(10 * 1024 * 1024, description="Largest accepted request body.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS.")
    shapes: Path | None = Field(None, description="SHACL shapes file or folder; default: the bundled shapes.")
    # A remote store (--store http://...): where it takes updates and graph requests, and who we are to it.
    sparql_update_url: str | None = Field(None, description="SPARQL Update URL; default derived from the query URL.")
    sparql_gsp_url: str | None = Field(None,
                                       description="Graph Store Protocol URL; default derived from the query URL.")
    sparql_user: str | None = Field(None, description="User for HTTP Basic/Digest authentication.")
    sparql_password: SecretStr | None = Field(None, description="Password for HTTP Basic/Digest authentication.")
    sparql_timeout: float = Field(120.0, description="Seconds to wait for a remote store's answer.")

    @property
    def remote_store(self) -> bool:
        """Whether ``store`` names a SPARQL endpoint rather than a folder."""
        return self.store.startswith(("http://", "https://"))


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached: the environment is read once)."""
    return Settings()
