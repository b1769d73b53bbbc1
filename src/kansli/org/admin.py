from django.contrib import admin

from .models import Body, Membership, Organisation, Person, PoliticalParty, Term, Unit

admin.site.register(Organisation)
admin.site.register(Body)
admin.site.register(Unit)
admin.site.register(Term)
admin.site.register(PoliticalParty)
admin.site.register(Person)
admin.site.register(Membership)
