"""yusuan (预算): read, check, store and publish Chinese government budget disclosures."""

__version__ = "0.1.0"
