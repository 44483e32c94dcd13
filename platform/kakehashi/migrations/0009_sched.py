from tortoise import migrations
from tortoise.migrations import operations as ops
from kakehashi.introductions.models import IntroductionStatus, PartySide
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0008_user_sessions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SlotAvailability',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('introduction', fields.ForeignKeyField('models.Introduction', source_field='introduction_id', db_constraint=True, to_field='id', related_name='availability', on_delete=OnDelete.CASCADE)),
                ('slot', fields.ForeignKeyField('models.IntroductionSlot', source_field='slot_id', db_constraint=True, to_field='id', related_name='availability', on_delete=OnDelete.CASCADE)),
                ('side', fields.CharEnumField(description='A: a\nB: b', enum_type=PartySide, max_length=1)),
                ('available', fields.BooleanField()),
                ('answered_by', fields.ForeignKeyField('models.User', source_field='answered_by_id', null=True, db_constraint=True, to_field='id', related_name='slot_availability', on_delete=OnDelete.SET_NULL)),
                ('answered_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'slot_availability', 'app': 'models', 'unique_together': (('slot', 'side'),), 'pk_attr': 'id', 'table_description': 'Whether one party can attend one slot (○ or ×), no row meaning not answered yet.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Introduction',
            name='status',
            field=fields.CharEnumField(default=IntroductionStatus.PROPOSED, description='PROPOSED: proposed\nNEEDS_SLOTS: needs_slots\nSCHEDULED: scheduled\nHELD: held\nCANCELLED: cancelled\nDECLINED: declined\nWITHDRAWN: withdrawn', enum_type=IntroductionStatus, max_length=16),
        ),
        ops.AlterModelOptions(
            name='IntroductionAnswer',
            options={'table': 'introduction_answer', 'app': 'models', 'unique_together': (('introduction', 'side'),), 'pk_attr': 'id', 'table_description': "A party's current answer to the current slots: its comment, or a decline with why."},
        ),
        ops.AddField(
            model_name='IntroductionAnswer',
            name='comment',
            field=fields.TextField(default='', unique=False),
        ),
    ]
