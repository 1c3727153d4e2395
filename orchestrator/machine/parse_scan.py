"""The message as the rule layer reads it: the text, its folded form and what was consumed of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from orchestrator.machine.reading import Expectation
from orchestrator.machine.text import mask


@dataclass
class Scan:
    """The message as it is consumed, piece by piece (local to one `read_rules` call)."""

    text: str
    folded: str
    expectation: Expectation
    spans: list[tuple[int, int]] = field(default_factory=list)
    questioned: bool = False  # a yes asked back ("posso confirmar?"): no answer
    answered: list[tuple[int, int]] = field(default_factory=list)  # what the yes or no took

    def consume(self, span: tuple[int, int]) -> None:
        self.spans.append(span)

    def free(self, start: int, end: int) -> bool:
        """Nothing read yet overlaps `start:end` ("obrigada pela ajuda" asks no help)."""
        return all(end <= s or start >= e for s, e in self.spans)

    def rest(self) -> tuple[str, str]:
        """Original and folded text with everything consumed blanked out."""
        return mask(self.text, self.spans), mask(self.folded, self.spans)
