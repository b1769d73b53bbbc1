"""Manage integrations of the API: ``kansli integration create NAME --scope ...``,
``kansli integration rotate NAME``, ``kansli integration revoke NAME``,
``kansli integration list``."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kansli.api.models import (
    SCOPES,
    Integration,
    create_integration,
    revoke_integration,
    rotate_token,
)


class Command(BaseCommand):
    help = "Create, revoke and list the integrations that may call the API."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create", help="Create an integration; prints its token once.")
        create.add_argument("name")
        create.add_argument("--scope", action="append", required=True, choices=sorted(SCOPES),
                            help="A scope to grant; repeat for more.")
        revoke = commands.add_parser("revoke", help="Revoke an integration's token.")
        revoke.add_argument("name")
        rotate = commands.add_parser("rotate", help="Give an integration a new token (printed "
                                     "once); the old one stops working.")
        rotate.add_argument("name")
        commands.add_parser("list", help="List integrations.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)(**options)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

    def create(self, name, scope, **options):
        integration, token = create_integration(name, scope)
        self.stderr.write(f"Created {integration.name} (acts as user {integration.user.username}) "
                          f"with {' '.join(integration.scopes)}.\n"
                          "The token is shown this once; keep it in the other system's secrets:")
        self.stdout.write(token)

    def revoke(self, name, **options):
        try:
            integration = revoke_integration(name)
        except Integration.DoesNotExist:
            raise CommandError(f"no integration named {name}") from None
        self.stdout.write(f"Revoked {integration.name}.")

    def rotate(self, name, **options):
        try:
            integration, token = rotate_token(name)
        except Integration.DoesNotExist:
            raise CommandError(f"no integration named {name}") from None
        self.stderr.write(f"New token for {integration.name}; the old one no longer works. "
                          "It is shown this once:")
        self.stdout.write(token)

    def list(self, **options):
        for integration in Integration.objects.all():
            state = "active" if integration.is_active else (
                f"revoked {integration.revoked_at:%Y-%m-%d %H:%M}")
            used = (f"{integration.last_used_at:%Y-%m-%d %H:%M}" if integration.last_used_at
                    else "never")
            self.stdout.write(f"{integration.name}\t{integration.token_prefix}…\t"
                              f"{' '.join(integration.scopes)}\t{state}\tlast used {used}")
