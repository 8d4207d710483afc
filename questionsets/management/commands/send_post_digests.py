"""Send the e-mail digests of new posts to the followers of concepts (run from cron)."""

import os

from django.core.management.base import BaseCommand

from questionsets.community.digest import send_post_digests


class Command(BaseCommand):
    help = "Mail each follower of a concept the new posts since their last digest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=os.environ.get("SITE_URL", "http://127.0.0.1:8000"),
            help="The site's address for the links in the messages (default: $SITE_URL).",
        )

    def handle(self, *args, base_url: str, **options):
        sent = send_post_digests(base_url=base_url.rstrip("/"))
        self.stdout.write(f"digests sent: {sent}")
