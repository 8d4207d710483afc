"""`make bench`: performance figures measured side by side with their floor in one run."""
