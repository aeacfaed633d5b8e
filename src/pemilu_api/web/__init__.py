"""The HTTP layer: thin Litestar handlers over the pure domain modules."""
