"""The HTTP side of newskg: a SPARQL 1.1 endpoint, exports, a query page and operations routes.

``api.app.create_app(settings)`` builds the FastAPI application; every store
access goes through the worker-process executor (``api.executor``), so a
runaway query can be stopped without stopping the server.
"""
