"""HTTP edge: validate, authenticate, deduplicate, enqueue, acknowledge."""
