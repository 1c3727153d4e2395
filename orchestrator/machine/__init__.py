"""The pure conversation engine: `(state, event, reading, shift, now) -> Transition`. No I/O here."""
