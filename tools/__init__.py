"""Project tooling behind tasks.py: the safe build and the editors' preview server."""
