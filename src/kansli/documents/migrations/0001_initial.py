
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('diary', '0004_series_code_letters'),
        ('meetings', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Rendering',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('report', "officer's report"), ('notice', 'notice and agenda'), ('minutes', 'minutes'), ('extract', 'extract from minutes')], max_length=20)),
                ('created_at', models.DateTimeField()),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('file', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='rendering', to='diary.documentfile')),
                ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='renderings', to='meetings.meeting')),
                ('paragraph', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='renderings', to='meetings.paragraph')),
                ('report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='renderings', to='meetings.officersreport')),
            ],
            options={
                'ordering': ['created_at', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind', 'report'), ('meeting__isnull', True), ('paragraph__isnull', True), ('report__isnull', False)), models.Q(('kind__in', ['notice', 'minutes']), ('meeting__isnull', False), ('paragraph__isnull', True), ('report__isnull', True)), models.Q(('kind', 'extract'), ('meeting__isnull', True), ('paragraph__isnull', False), ('report__isnull', True)), _connector='OR'), name='rendering_kind_matches_object'), models.UniqueConstraint(condition=models.Q(('kind', 'minutes')), fields=('meeting',), name='rendering_minutes_once')],
            },
        ),
    ]
