"""Reference MPP Digital server: FastAPI app, storage, admin commands and demo data."""

__version__ = "0.1.0"
