"""Where and as whom the worker calls the WhatsApp Cloud API (SPEC section 12).

One value serves both sides of the channel: `WhatsAppCloudSink` sends replies with it and
`GraphApi` marks messages read and downloads voice notes with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CloudApiEndpoint:
    """`WHATSAPP_API_BASE`, `WHATSAPP_PHONE_NUMBER_ID` and `WHATSAPP_ACCESS_TOKEN`, with the call timeout."""

    base_url: str
    phone_number_id: str
    access_token: str = field(repr=False)  # never in a repr or a log
    timeout: float = 10.0

    @property
    def base(self) -> str:
        return self.base_url.rstrip("/")

    @property
    def messages_url(self) -> str:
        """Where messages are sent and marked read."""
        return f"{self.base}/{self.phone_number_id}/messages"

    @property
    def auth(self) -> dict[str, str]:
        """The header every call carries, media downloads included."""
        return {"Authorization": f"Bearer {self.access_token}"}
