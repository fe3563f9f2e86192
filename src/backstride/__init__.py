"""backstride: keep running with a bad back."""

__version__ = "0.1.0"
