"""What a measure calculation returns: the figure and everything needed to check it by hand."""

from dataclasses import asdict, dataclass, field


@dataclass
class MeasureResult:
    code: str  # as in the spec: "TP01", "RP02-1", "CH01-2", ...
    tenure: str  # "LCRA", "LCHO" or "combined"
    numerator: float
    denominator: float
    unit: str  # "%" or "per 1,000"
    group: str | None = None  # the breakdown group (an area, a channel...), None for the total
    # Extra figures a measure carries: n and margin_of_error for perception measures,
    # answer counts, CH02's within_only_by_extension and pending, RP02's context counts.
    details: dict = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        """Unrounded; None when the denominator is 0 (the regulator's [U]), never 0."""
        if not self.denominator:
            return None
        scale = 1000 if self.unit == "per 1,000" else 100
        return scale * self.numerator / self.denominator

    def as_dict(self) -> dict:
        row = asdict(self)
        details = row.pop("details")
        row["value"] = self.value
        row.update(details)
        return row
