"""`kansli rundemo`: the development server on 127.0.0.1:8000 (KSL's installation,
``--federation``, on 8001), static files included (``runserver --insecure``, so it works
with DEBUG off). For the demo only."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kansli.demo import federation as federation_demo
from kansli.diary import demo


class Command(BaseCommand):
    help = "Run the demo on http://127.0.0.1:8000/ (development server)."

    def add_arguments(self, parser):
        parser.add_argument("--federation", action="store_true",
                            help="KSL's installation, on http://127.0.0.1:8001/")

    def handle(self, *args, federation: bool, **options):
        if federation:
            loaded, logins, port = (federation_demo.is_loaded(), federation_demo.logins(),
                                    "8001")
        else:
            loaded, logins, port = demo.is_loaded(), demo.logins(), "8000"
        if not loaded:
            self.stdout.write("The demo is not loaded yet: run `kansli loaddemo` first.\n")
        self.stdout.write(logins + "\n")
        call_command("runserver", f"127.0.0.1:{port}", insecure_serving=True,
                     use_reloader=False)

