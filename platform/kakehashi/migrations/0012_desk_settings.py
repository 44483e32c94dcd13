from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0011_invite')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DeskReminder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user_id', fields.IntField()),
                ('item', fields.CharField(max_length=100)),
                ('reminded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'desk_reminder', 'app': 'models', 'unique_together': (('user_id', 'item'),), 'pk_attr': 'id', 'table_description': 'The last time one person was reminded of one overdue item (``item`` like "outcome:12").'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DeskSettings',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('unanswered_days', fields.IntField(default=7)),
                ('outcome_days', fields.IntField(default=3)),
                ('party_days', fields.IntField(default=14)),
                ('deadline_warning_days', fields.IntField(default=7)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'desk_settings', 'app': 'models', 'pk_attr': 'id', 'table_description': "The office's deadlines, edited on the desk (no row: the defaults)."},
            bases=['Model'],
        ),
    ]
