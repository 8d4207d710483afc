"""The shared shelf: local questions one municipality publishes for others to find and use."""
