"""`make run`'s banner: who to be depends on which backend answers."""

from __future__ import annotations

from orchestrator.devtools.dev import banner
from orchestrator.devtools.stackfile import DevStack
from orchestrator.settings import Settings

STACK = DevStack(ingress_url="http://127.0.0.1:8000", admin_token="t", aws_endpoint="http://127.0.0.1:4566", pid=1)


class TestBannerCaregivers:
    def test_demo_backend_lists_the_seeded_phones(self) -> None:
        """With the demo backend the five demo caregivers are listed, one per kind of shift."""
        text = banner(
            STACK.model_copy(update={"demo_backend_url": "http://127.0.0.1:9"}), Settings(), embedded_aws=True
        )
        assert "Demo caregivers" in text and "+5511900000001  A:" in text

    def test_own_backend_does_not_offer_demo_phones(self) -> None:
        """With LAMBDA_* set the demo phones are not offered as caregivers (the backend does not know
        them: each would get "no shift found"); the banner says whose numbers to use."""
        text = banner(STACK, Settings(), embedded_aws=True)
        assert "Demo caregivers" not in text and "5511900000003" not in text
        assert "your backend (LAMBDA_GET_SCHEDULE)" in text
