"""Ingest domain: pure validation of readings and FHIR R4 mapping (no I/O, no clock reads)."""

from services.ingest.domain import rules
from services.ingest.domain.fhir import LOINC_METRICS, FhirMapping, map_fhir, validate_fhir
from services.ingest.domain.validation import (
    ValidationOutcome,
    parse_timestamp,
    valid_identifier,
    validate_reading,
)

__all__ = [
    "LOINC_METRICS",
    "FhirMapping",
    "ValidationOutcome",
    "map_fhir",
    "parse_timestamp",
    "rules",
    "valid_identifier",
    "validate_fhir",
    "validate_reading",
]
