"""What the answer to a voice note opens with (`channel_notices.heard`): the transcript, quoted, bounded."""

from __future__ import annotations

from orchestrator.machine import channel_notices
from orchestrator.outbound import PartKind


class TestHeard:
    def test_transcript_is_quoted_on_one_line(self) -> None:
        """Line breaks and runs of spaces of a transcript become single spaces inside the quotes."""
        part = channel_notices.heard("PA 12 por 8,\n  FC 76 ")
        assert part.text == '🎤 "PA 12 por 8, FC 76"' and part.kind is PartKind.NOTICE

    def test_long_transcript_is_cut_with_an_ellipsis(self) -> None:
        """A long voice note is echoed up to HEARD_CHARACTERS, so the answer still fits one message."""
        part = channel_notices.heard("paciente tranquilo " * 40)
        quoted = part.text.removeprefix('🎤 "').removesuffix('"')
        assert len(quoted) == channel_notices.HEARD_CHARACTERS and quoted.endswith("…")
