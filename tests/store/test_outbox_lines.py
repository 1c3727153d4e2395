"""The outbox keeps a reply that is also its conversation line as a pointer to that line (issue 15):
it loads back as the same delivery, held replies keep their JSON, order is kept, a settle removes
either shape, and an item written before pointers settles too (moto and DynamoDB Local)."""

from __future__ import annotations

import uuid

from orchestrator.clock import epoch_ms
from orchestrator.outbound import PartKind, Question, QuestionKind, Reply, ReplyPart
from orchestrator.store.base import CONVERSATION_TABLE, SESSIONS_TABLE, CommitPlan, SessionRecord, Settlement
from orchestrator.store.conversation import turn_key
from orchestrator.store.items import encode_item
from orchestrator.turn.channel import bot_line
from tests.store.conftest import SESSION, Dynamo
from tests.store.old_shapes import OLD_REPLY, old_session_values
from tests.store.old_shapes import SESSION as OLD_SESSION

ADDRESS = "551199990001"  # the wa_id without the 9th digit


def _asking(reply_id: str, question: Question | None, *, after_action: str | None = None) -> Reply:
    parts = (
        ReplyPart(code="heard", text="Ouvi: pressão 12 por 8.", kind=PartKind.NOTICE, after_action=after_action),
        ReplyPart(code="ask", text="Qual paciente?", question=question),
    )
    return Reply(reply_id=reply_id, session_id=SESSION, to=ADDRESS, in_reply_to=f"wamid.{reply_id}", parts=parts)


def _delivered_as(reply: Reply) -> tuple[object, ...]:
    return (reply.reply_id, reply.address, reply.in_reply_to, reply.text, reply.question, reply.template)


async def _commit(dynamo: Dynamo, record: SessionRecord, outbox: tuple[Reply, ...], lines: bool = True) -> None:
    at = epoch_ms(dynamo.clock())
    turns = tuple(bot_line(reply, at + n) for n, reply in enumerate(outbox) if lines and not reply.after_actions)
    plan = CommitPlan(
        record=record.model_copy(update={"outbox": (*record.outbox, *outbox)}),
        expected_version=record.version,
        lease=None,
        turns=turns,
        request_token=uuid.uuid4().hex,
    )
    await dynamo.sessions().commit(plan)


class TestOutboxLines:
    async def test_a_reply_that_is_its_line_is_kept_as_a_pointer(self, dynamo: Dynamo) -> None:
        """Buttons, a list or no question: each loads back delivering the same text, question and
        address, and the item holds no reply JSON."""
        questions = [Question(kind=QuestionKind.YES_NO), Question(kind=QuestionKind.CHOICE, options=("Ana", "Rui"))]
        outbox = tuple(_asking(f"r-{n}", question) for n, question in enumerate([*questions, None]))
        await _commit(dynamo, await dynamo.sessions().load(SESSION), outbox)
        (item,) = await dynamo.stored(SESSIONS_TABLE)
        assert item["outbox"] == {} and sorted(item["outboxLines"]) == ["r-0", "r-1", "r-2"]
        loaded = await dynamo.sessions().load(SESSION)
        assert [_delivered_as(reply) for reply in loaded.outbox] == [_delivered_as(reply) for reply in outbox]

    async def test_held_replies_keep_their_json_and_the_order_is_kept(self, dynamo: Dynamo) -> None:
        """A reply held for an action is not a line yet: its JSON stays; a reply without its line in
        the commit keeps its JSON too; the outbox loads in committed order across both maps."""
        held = _asking("r-held", None, after_action="act-1")
        outbox = (_asking("r-0", None), held, _asking("r-2", None))
        await _commit(dynamo, await dynamo.sessions().load(SESSION), outbox)
        (item,) = await dynamo.stored(SESSIONS_TABLE)
        assert list(item["outbox"]) == ["r-held"] and sorted(item["outboxLines"]) == ["r-0", "r-2"]
        loaded = await dynamo.sessions().load(SESSION)
        assert [reply.reply_id for reply in loaded.outbox] == ["r-0", "r-held", "r-2"]
        assert loaded.outbox[1] == held
        await _commit(dynamo, loaded, (_asking("r-3", None),), lines=False)
        (item,) = await dynamo.stored(SESSIONS_TABLE)
        assert sorted(item["outbox"]) == ["r-0", "r-2", "r-3", "r-held"] and item["outboxLines"] == {}
        again = await dynamo.sessions().load(SESSION)
        assert [_delivered_as(reply) for reply in again.outbox] == [_delivered_as(r) for r in loaded.outbox] + [
            _delivered_as(_asking("r-3", None))
        ]

    async def test_a_settle_removes_either_shape(self, dynamo: Dynamo) -> None:
        outbox = (_asking("r-0", None), _asking("r-held", None, after_action="act-1"), _asking("r-2", None))
        await _commit(dynamo, await dynamo.sessions().load(SESSION), outbox)
        await dynamo.sessions().settle(SESSION, Settlement(delivered=["r-0", "r-held"]))
        assert [reply.reply_id for reply in (await dynamo.sessions().load(SESSION)).outbox] == ["r-2"]

    async def test_a_pointer_whose_line_is_gone_is_left_out(self, dynamo: Dynamo) -> None:
        """A line past its 7 days can no longer be sent; the rest of the outbox still loads."""
        outbox = (_asking("r-0", None), _asking("r-1", None))
        await _commit(dynamo, await dynamo.sessions().load(SESSION), outbox)
        (item,) = await dynamo.stored(SESSIONS_TABLE)
        key = turn_key(SESSION, item["outboxLines"]["r-0"]["ms"])
        await dynamo.client.delete_item(TableName=dynamo.table(CONVERSATION_TABLE), Key=key)
        assert [reply.reply_id for reply in (await dynamo.sessions().load(SESSION)).outbox] == ["r-1"]

    async def test_an_item_written_before_pointers_settles_without_a_commit(self, dynamo: Dynamo) -> None:
        """A redelivered message delivers an old item's outbox and settles it, with no commit of this
        version in between (the item has no `outboxLines` map)."""
        values = old_session_values(dynamo.clock())
        await dynamo.client.put_item(TableName=dynamo.table(SESSIONS_TABLE), Item=encode_item(values))
        assert [reply.reply_id for reply in (await dynamo.sessions().load(OLD_SESSION)).outbox] == [
            OLD_REPLY["reply_id"]
        ]
        await dynamo.sessions().settle(OLD_SESSION, Settlement(delivered=[OLD_REPLY["reply_id"]], notified=["act-9"]))
        settled = await dynamo.sessions().load(OLD_SESSION)
        assert settled.outbox == () and "act-9" in settled.delay_notified
