"""Audit service: hash-chained audit log of every domain event and data access; de-identified analytics."""
