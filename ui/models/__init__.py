"""Qt item models over the store: they hold what the views show, never SQL."""
