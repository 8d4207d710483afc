"""Learning from each other: who uses what, regional questionnaires, peer comparison."""
