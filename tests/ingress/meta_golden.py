"""Golden Meta webhook messages and statuses, shaped as Meta's Cloud API documentation shows them
(extra fields included: the parser must ignore what it does not read), each with the event it must
become. One table for the parser's tests and the HTTP tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import JsonValue

from tests.ingress.meta_payloads import PHONE_A

TIMESTAMP = "1717000000"
FAILED_AT = "2024-05-29T16:26:40+00:00"  # TIMESTAMP as ISO, UTC


def message(wamid: str, kind: str, body: dict[str, Any] | None, sender: str = PHONE_A) -> dict[str, Any]:
    """A `messages[]` entry of type `kind` with its body under the key of that name."""
    entry: dict[str, Any] = {"from": sender, "id": wamid, "timestamp": TIMESTAMP, "type": kind}
    if body is not None:
        entry[kind] = body
    return entry


@dataclass(frozen=True)
class Golden:
    """A message as Meta sends it, and the text and metadata of its event (besides source/type/wa_id)."""

    name: str
    payload: dict[str, Any]
    text: str = ""
    metadata: dict[str, JsonValue] = field(default_factory=dict)


_MEDIA = {"mime_type": "image/jpeg", "sha256": "c2hh", "id": "MEDIA-IMG"}
UNSUPPORTED: dict[str, JsonValue] = {"unsupported": True}

GOLDEN_MESSAGES = (
    Golden("text", message("wamid.text", "text", {"body": "PA 12/8, FC 80"}), "PA 12/8, FC 80"),
    Golden(
        "button_reply",
        message("wamid.btn", "interactive", {"type": "button_reply", "button_reply": {"id": "yes", "title": "Sim"}})
        | {"context": {"from": "15550001111", "id": "wamid.question"}},
        "Sim",
        {"reply_id": "yes"},
    ),
    Golden(
        "list_reply",
        message(
            "wamid.list",
            "interactive",
            {"type": "list_reply", "list_reply": {"id": "choice-2", "title": "João Lima", "description": "C-9"}},
        ),
        "João Lima",
        {"reply_id": "choice-2"},
    ),
    Golden(
        "template_button",
        message("wamid.tpl", "button", {"payload": "CONFIRM", "text": "Confirmar"}),
        "Confirmar",
        {"reply_id": "CONFIRM"},
    ),
    Golden(
        "voice_note",
        message(
            "wamid.audio",
            "audio",
            {"mime_type": "audio/ogg; codecs=opus", "sha256": "x", "id": "MEDIA-1", "voice": True},
        ),
        "",
        {"media_id": "MEDIA-1"},
    ),
    Golden("image", message("wamid.img", "image", _MEDIA), "", UNSUPPORTED),
    Golden("image_caption", message("wamid.imgc", "image", _MEDIA | {"caption": "FC 88"}), "FC 88"),
    Golden("video", message("wamid.vid", "video", {"mime_type": "video/mp4", "id": "MEDIA-V"}), "", UNSUPPORTED),
    Golden(
        "document_caption",
        message("wamid.doc", "document", {"filename": "exame.pdf", "id": "MEDIA-D", "caption": "exame de sangue"}),
        "exame de sangue",
    ),
    Golden(
        "document_blank_caption",
        message("wamid.docb", "document", {"filename": "a.pdf", "id": "MEDIA-D2", "caption": "  "}),
        "",
        UNSUPPORTED,
    ),
    Golden(
        "sticker",
        message("wamid.stk", "sticker", {"mime_type": "image/webp", "id": "MEDIA-S", "animated": False}),
        "",
        UNSUPPORTED,
    ),
    Golden(
        "location",
        message("wamid.loc", "location", {"latitude": -23.55, "longitude": -46.63, "name": "Casa"}),
        "",
        UNSUPPORTED,
    ),
    Golden(
        "contacts",
        message("wamid.vcard", "contacts", None)
        | {"contacts": [{"name": {"formatted_name": "Ana"}, "phones": [{"phone": "+55 11 98888-0000"}]}]},
        "",
        UNSUPPORTED,
    ),
    Golden(
        "reaction",
        message("wamid.react", "reaction", {"message_id": "wamid.question", "emoji": "👍"}),
        "",
        {"reaction": {"emoji": "👍", "message_id": "wamid.question"}},
    ),
    Golden(
        "reaction_removed",
        message("wamid.unreact", "reaction", {"message_id": "wamid.question"}),
        "",
        {"reaction": {"emoji": "", "message_id": "wamid.question"}},
    ),
    Golden(
        "flow_reply",
        message("wamid.nfm", "interactive", {"type": "nfm_reply", "nfm_reply": {"response_json": "{}"}}),
        "",
        UNSUPPORTED,
    ),
    Golden(
        "unknown",
        message("wamid.unk", "unsupported", None)
        | {"errors": [{"code": 131051, "title": "Message type unknown", "message": "Message type unknown"}]},
        "",
        UNSUPPORTED,
    ),
)


def status(wamid: str, kind: str, recipient: str = PHONE_A, **extra: Any) -> dict[str, Any]:
    """A `statuses[]` entry as Meta sends it (with the pricing block of a billable message)."""
    return {
        "id": wamid,
        "status": kind,
        "timestamp": TIMESTAMP,
        "recipient_id": recipient,
        "conversation": {"id": "CONV", "origin": {"type": "service"}},
        "pricing": {"billable": True, "pricing_model": "CBP", "category": "service"},
        **extra,
    }


GOLDEN_STATUSES = {
    "sent": status("wamid.out1", "sent"),
    "delivered": status("wamid.out1", "delivered"),
    "read": status("wamid.out1", "read"),
}
FAILED_131047 = status(
    "wamid.out2",
    "failed",
    errors=[
        {
            "code": 131047,
            "title": "Re-engagement message",
            "message": "Re-engagement message",
            "error_data": {"details": "Message failed to send because more than 24 hours have passed"},
        }
    ],
)


def failed_131047_metadata(recipient: str) -> dict[str, JsonValue]:
    """The metadata of FAILED_131047's delivery_failed event, sent to `recipient` (SPEC §12)."""
    return {
        "source": "whatsapp",
        "wamid": "wamid.out2",
        "wa_id": recipient,
        "code": 131047,
        "title": "Re-engagement message",
        "failed_at": FAILED_AT,
    }
