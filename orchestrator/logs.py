"""structlog configuration and the PHI-redaction processor.

`configure_logging()` is called once per entry point. Whatever a call site passes, the
redaction processor keeps phone numbers, message text and clinical values out of the output.
"""

from __future__ import annotations

import logging
import re
import sys

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from orchestrator.machine.vitals import VITALS, VitalName
from orchestrator.phones import mask_phone
from orchestrator.settings import LogFormat, Settings

# Every name a vital sign goes by (`machine.vitals.VITALS`): as caregivers write it, as a field, on the wire.
_VITAL_KEYS = frozenset(
    {name.value.lower() for name in VitalName}
    | {spec.field for spec in VITALS.values()}
    | {spec.wire_key for spec in VITALS.values()}
)
# Keys whose values are PHI or secrets: dropped to a marker, never printed.
_SECRET_KEYS = _VITAL_KEYS | frozenset(
    {
        "text",
        "body",
        "note",
        "clinical_note",
        "clinicalNote",
        "message_text",
        "reply",
        "payload",
        "vitals",
        "supplementaryOxygen",
        "authorization",
        "token",
        "secret",
        "api_key",
        "password",
    }
)
# Keys that hold a phone number or a phone-derived session id: masked, still correlatable.
_PHONE_KEYS = frozenset({"phone", "phoneNumber", "phone_number", "session_id", "sessionId", "to", "from"})
# Identifiers we mint or receive: never phones, so their digit runs are left alone.
_ID_KEYS = frozenset({"message_id", "event_id", "action_id", "reply_id", "sqs_message_id", "request_id", "timestamp"})
# Every run of 10-15 digits (optionally with +) is treated as a phone wherever it appears.
_PHONE_PATTERN = re.compile(r"\+?\d{10,15}")


def _mask_digits(value: str) -> str:
    return _PHONE_PATTERN.sub(lambda match: mask_phone(match.group().lstrip("+")), value)


def redact_phi(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """structlog processor: mask phones and drop message text, vital signs and secrets."""
    for key, value in list(event_dict.items()):
        if key in _SECRET_KEYS:
            event_dict[key] = "[redacted]"
        elif key in _PHONE_KEYS and isinstance(value, str):
            event_dict[key] = mask_phone(value.lstrip("+")) if value.lstrip("+").isdigit() else _mask_digits(value)
        elif isinstance(value, str) and key not in _ID_KEYS:
            event_dict[key] = _mask_digits(value)
    return event_dict


_HANDLER_NAME = "orchestrator"


def _local_clock() -> structlog.processors.TimeStamper:
    return structlog.processors.TimeStamper(fmt="%H:%M:%S", utc=False)


def configure_logging(settings: Settings) -> None:
    """Route structlog and stdlib logging to stderr in the configured format and level."""
    level = logging.getLevelNamesMapping()[settings.log_level.upper()]
    machine = settings.log_format is LogFormat.JSON
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if machine
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty(), pad_event=24)
    )
    # A person at a terminal reads local wall-clock time; machines get ISO 8601 in UTC.
    stamper = structlog.processors.TimeStamper(fmt="iso", utc=True) if machine else _local_clock()
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        stamper,
        structlog.processors.format_exc_info,
        redact_phi,
    ]
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    # The libraries' stdlib records (the HTTP servers, asyncio, botocore), from WARNING up, go through
    # the same chain: one line in the same format, with their level and logger, redacted. As plain
    # text they broke the one-JSON-object-per-line contract (a traceback over many lines, unseen by
    # the WorkerErrors metric filter on `$.level`) and skipped the redaction.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    # Called once per entry point, but again in a process that already ran one (tests, granian's
    # workers): ours is replaced, anyone else's (a test runner's capture) kept.
    root.handlers = [existing for existing in root.handlers if existing.get_name() != _HANDLER_NAME] + [handler]
    root.setLevel(max(level, logging.WARNING))
