"""A reply split by its channel (over WhatsApp's 4096 characters), in whole turns on the fakes:
each part is sent once, in order; a redelivery after a failure halfway sends only the rest."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from orchestrator.errors import RetryLater, TransientIntegrationError
from orchestrator.integrations.long_replies import messages_of
from orchestrator.outbound import QuestionKind, Reply
from tests.turn.conftest import FULL_VITALS, TurnWorld

LABELS = ("alimentação", "eliminações", "sono", "humor", "medicações", "atividades", "informações adicionais")
LONG_REPORT = "\n".join(f"{label}:{' paciente tranquilo e bem disposto,' * 14}".rstrip(",") for label in LABELS)
LONG_REPORT += f"\nadministrativo:{' paciente tranquilo e bem disposto,' * 14}".rstrip(",")


@dataclass
class SplittingSink:
    """`ReplySink` splitting like the Cloud API sink; `failing_at`: the sends (1-based) that fail."""

    external: bool = True
    sends: list[Reply] = field(default_factory=list)
    failing_at: set[int] = field(default_factory=set)
    attempts: int = 0

    def messages(self, reply: Reply) -> tuple[Reply, ...]:
        return messages_of(reply)

    async def deliver(self, reply: Reply) -> str | None:
        self.attempts += 1
        if self.attempts in self.failing_at:
            raise TransientIntegrationError("sink: HTTP 429")
        self.sends.append(reply)
        return f"wamid.out-{self.attempts}"


async def to_the_long_summary(world: TurnWorld, sink: SplittingSink) -> None:
    deps = world.deps(sink=sink)
    for text in (FULL_VITALS, "sim", "quero finalizar"):
        await world.turn(world.message(text), deps=deps)


class TestSplitReply:
    async def test_each_part_once_in_order_the_question_last(self, world: TurnWorld) -> None:
        sink = SplittingSink()
        await to_the_long_summary(world, sink)
        await world.turn(world.message(LONG_REPORT), deps=world.deps(sink=sink))
        first, last = sink.sends[-2:]
        assert (first.reply_id, first.question) == (last.reply_id, None)
        assert last.question is not None and last.text.endswith("Posso enviar? Responda *sim* ou *não*.")
        record = await world.record()
        assert [(e.wamid, e.part, e.asks) for e in record.sent[-2:]] == [
            ("wamid.out-4", 0, None),
            ("wamid.out-5", 1, QuestionKind.YES_NO),
        ]
        assert record.outbox == ()

    async def test_a_redelivery_after_a_failure_halfway_sends_only_the_rest(self, world: TurnWorld) -> None:
        """The second part fails: the first is settled as sent, the reply stays in the outbox; the
        redelivered message sends the second part only."""
        sink = SplittingSink(failing_at={5})
        await to_the_long_summary(world, sink)
        report = world.message(LONG_REPORT)
        with pytest.raises(RetryLater, match="reply delivery failed"):  # the message goes back to the queue
            await world.turn(report, deps=world.deps(sink=sink))
        left = await world.record()
        assert len(left.outbox) == 1 and [e.part for e in left.sent if e.reply_id == left.outbox[0].reply_id] == [0]
        await world.turn(report, deps=world.deps(sink=sink))
        parts = [reply for reply in sink.sends if reply.reply_id == left.outbox[0].reply_id]
        assert [reply.question is not None for reply in parts] == [False, True]  # each once
        record = await world.record()
        assert record.outbox == ()
        assert [(e.wamid, e.part) for e in record.sent if e.reply_id == left.outbox[0].reply_id] == [
            ("wamid.out-4", 0),
            ("wamid.out-6", 1),
        ]
