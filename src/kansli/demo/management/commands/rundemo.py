"""`kansli rundemo`: the development server on 127.0.0.1:8000, static files included
(``runserver --insecure``, so it works with DEBUG off). For the demo only."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kansli.diary import demo


class Command(BaseCommand):
    help = "Run the demo on http://127.0.0.1:8000/ (development server)."

    def handle(self, *args, **options):
        if not demo.is_loaded():
            self.stdout.write("The demo is not loaded yet: run `kansli loaddemo` first.\n")
        self.stdout.write(demo.logins() + "\n")
        call_command("runserver", "127.0.0.1:8000", insecure_serving=True, use_reloader=False)
