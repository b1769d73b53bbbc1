from django.contrib import admin

from .models import Body, Organisation, Unit

admin.site.register(Organisation)
admin.site.register(Body)
admin.site.register(Unit)
