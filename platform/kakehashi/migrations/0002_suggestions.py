from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MatchingState',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('value', fields.CharField(max_length=200)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'matching_state', 'app': 'models', 'pk_attr': 'key', 'table_description': 'Key-value bookmarks of the matching worker (the last change it has indexed).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Suggestion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('source_type', fields.CharField(max_length=16)),
                ('source_id', fields.IntField()),
                ('target_type', fields.CharField(max_length=16)),
                ('target_id', fields.IntField()),
                ('rank', fields.IntField()),
                ('score', fields.FloatField()),
                ('reasons', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('computed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'suggestion', 'app': 'models', 'indexes': [Index(fields=['source_type', 'source_id'])], 'pk_attr': 'id', 'table_description': 'One suggested partner for one source record (a need or an organisation), best first.'},
            bases=['Model'],
        ),
    ]
