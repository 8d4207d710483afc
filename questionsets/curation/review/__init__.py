"""The curators' review workflow: every change to published content is proposed, then approved by a second curator."""
