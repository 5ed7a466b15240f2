"""diklat: running Diklatpim IV / PKP leadership training cohorts from the terminal."""

__version__ = "0.1.0"
