"""WhatsApp orchestrator for home-care shifts."""
