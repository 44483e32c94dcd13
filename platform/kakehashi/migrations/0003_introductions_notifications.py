from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from kakehashi.accounts.models import MailMode
from kakehashi.collaborations.models import CollaborationStatus
from kakehashi.introductions.models import DismissReason, IntroductionStatus, Outcome, PartySide, QueueOrigin, QueueStatus
from kakehashi.notifications.models import MailStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_suggestions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CalendarFeed',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.OneToOneField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='calendar_feed', on_delete=OnDelete.CASCADE)),
                ('token', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'calendar_feed', 'app': 'models', 'pk_attr': 'id', 'table_description': "The secret token of a user's private calendar feed URL (revoking deletes the row)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=40)),
                ('title', fields.CharField(max_length=300)),
                ('body', fields.TextField(default='', unique=False)),
                ('link', fields.CharField(default='', max_length=500)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('digested_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'notification', 'app': 'models', 'indexes': [Index(fields=['user_id', 'read_at'])], 'pk_attr': 'id', 'table_description': "One message in a user's inbox, written in the user's language when it was created."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxMail',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='mails', on_delete=OnDelete.SET_NULL)),
                ('to_address', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=300)),
                ('body_text', fields.TextField(unique=False)),
                ('calendar', fields.TextField(default='', unique=False)),
                ('kind', fields.CharField(max_length=40)),
                ('dedupe_key', fields.CharField(null=True, unique=True, max_length=200)),
                ('status', fields.CharEnumField(default=MailStatus.PENDING, description='PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed', enum_type=MailStatus, max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'outbox_mail', 'app': 'models', 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'A mail written in the same transaction as the change it reports, sent later with retries.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='QueueItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('origin', fields.CharEnumField(description='SUGGESTION: suggestion\nREQUEST: request\nCOORDINATOR: coordinator', enum_type=QueueOrigin, max_length=16)),
                ('status', fields.CharEnumField(default=QueueStatus.OPEN, description='OPEN: open\nDISMISSED: dismissed\nINTRODUCED: introduced', enum_type=QueueStatus, max_length=16)),
                ('party_a_kind', fields.CharField(max_length=16)),
                ('party_a_id', fields.IntField()),
                ('party_b_kind', fields.CharField(max_length=16)),
                ('party_b_id', fields.IntField()),
                ('need', fields.ForeignKeyField('models.Need', source_field='need_id', null=True, db_constraint=True, to_field='id', related_name='queue_items', on_delete=OnDelete.SET_NULL)),
                ('score', fields.FloatField(null=True)),
                ('reasons', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('message', fields.TextField(default='', unique=False)),
                ('requested_by', fields.ForeignKeyField('models.User', source_field='requested_by_id', null=True, db_constraint=True, to_field='id', related_name='queue_requests', on_delete=OnDelete.SET_NULL)),
                ('dismiss_reason', fields.CharEnumField(null=True, description='NOT_RELEVANT: not_relevant\nALREADY_WORKING: already_working\nPARTY_UNAVAILABLE: party_unavailable\nTOO_MANY: too_many\nOTHER: other', enum_type=DismissReason, max_length=32)),
                ('dismiss_note', fields.TextField(default='', unique=False)),
                ('handled_by', fields.ForeignKeyField('models.User', source_field='handled_by_id', null=True, db_constraint=True, to_field='id', related_name='queue_handled', on_delete=OnDelete.SET_NULL)),
                ('handled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'queue_item', 'app': 'models', 'indexes': [Index(fields=['status', 'created_at']), Index(fields=['party_a_kind', 'party_a_id', 'party_b_kind', 'party_b_id'])], 'pk_attr': 'id', 'table_description': 'A pair waiting for the coordinator: dismiss it with a reason or introduce the parties.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Room',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('location', fields.CharField(default='', max_length=200)),
                ('capacity', fields.IntField()),
                ('is_active', fields.BooleanField(default=True)),
            ],
            options={'table': 'room', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A meeting room of the citizen activity centre (市民活動センター).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Introduction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('queue_item', fields.ForeignKeyField('models.QueueItem', source_field='queue_item_id', null=True, db_constraint=True, to_field='id', related_name='introductions', on_delete=OnDelete.SET_NULL)),
                ('party_a_kind', fields.CharField(max_length=16)),
                ('party_a_id', fields.IntField()),
                ('party_b_kind', fields.CharField(max_length=16)),
                ('party_b_id', fields.IntField()),
                ('need', fields.ForeignKeyField('models.Need', source_field='need_id', null=True, db_constraint=True, to_field='id', related_name='introductions', on_delete=OnDelete.SET_NULL)),
                ('coordinator', fields.ForeignKeyField('models.User', source_field='coordinator_id', null=True, db_constraint=True, to_field='id', related_name='introductions_made', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=IntroductionStatus.PROPOSED, description='PROPOSED: proposed\nSCHEDULED: scheduled\nHELD: held\nCANCELLED: cancelled', enum_type=IntroductionStatus, max_length=16)),
                ('room', fields.ForeignKeyField('models.Room', source_field='room_id', null=True, db_constraint=True, to_field='id', related_name='introductions', on_delete=OnDelete.SET_NULL)),
                ('online_url', fields.CharField(default='', max_length=500)),
                ('agenda', fields.TextField(default='', unique=False)),
                ('starts_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sequence', fields.IntField(default=0)),
                ('limit_overridden', fields.BooleanField(default=False)),
                ('outcome', fields.CharEnumField(null=True, description='COLLABORATE: collaborate\nLATER: later\nNO: no', enum_type=Outcome, max_length=16)),
                ('minutes', fields.TextField(default='', unique=False)),
                ('cancel_reason', fields.TextField(default='', unique=False)),
                ('reminded_sequence', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'introduction', 'app': 'models', 'indexes': [Index(fields=['party_a_kind', 'party_a_id']), Index(fields=['party_b_kind', 'party_b_id']), Index(fields=['status'])], 'pk_attr': 'id', 'table_description': 'The coordinator introduces two parties and arranges the meeting where they meet.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Collaboration',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(default='', max_length=200)),
                ('status', fields.CharField(default=CollaborationStatus.DRAFT, max_length=16)),
                ('introduction', fields.ForeignKeyField('models.Introduction', source_field='introduction_id', null=True, db_constraint=True, to_field='id', related_name='collaborations', on_delete=OnDelete.SET_NULL)),
                ('organisations', fields.ManyToManyField('models.Organisation', unique=True, db_constraint=True, through='collaboration_organisation', forward_key='organisation_id', backward_key='collaboration_id', related_name='collaborations', on_delete=OnDelete.CASCADE)),
                ('departments', fields.ManyToManyField('models.Department', unique=True, db_constraint=True, through='collaboration_department', forward_key='department_id', backward_key='collaboration_id', related_name='collaborations', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'collaboration', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A collaboration (協働事業) between groups and departments, opened as a draft when an'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IntroductionEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('introduction', fields.ForeignKeyField('models.Introduction', source_field='introduction_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=32)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='introduction_events', on_delete=OnDelete.SET_NULL)),
                ('side', fields.CharField(default='', max_length=1)),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'introduction_event', 'app': 'models', 'pk_attr': 'id', 'table_description': "One step of an introduction's timeline: who proposed, accepted, declined, and why."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IntroductionSlot',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('introduction', fields.ForeignKeyField('models.Introduction', source_field='introduction_id', db_constraint=True, to_field='id', related_name='slots', on_delete=OnDelete.CASCADE)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('is_current', fields.BooleanField(default=True)),
            ],
            options={'table': 'introduction_slot', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One proposed time for the meeting (one to three per round of proposals).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IntroductionAnswer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('introduction', fields.ForeignKeyField('models.Introduction', source_field='introduction_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('side', fields.CharEnumField(description='A: a\nB: b', enum_type=PartySide, max_length=1)),
                ('slot', fields.ForeignKeyField('models.IntroductionSlot', source_field='slot_id', null=True, db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('declined', fields.BooleanField(default=False)),
                ('reason', fields.TextField(default='', unique=False)),
                ('answered_by', fields.ForeignKeyField('models.User', source_field='answered_by_id', null=True, db_constraint=True, to_field='id', related_name='introduction_answers', on_delete=OnDelete.SET_NULL)),
                ('answered_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'introduction_answer', 'app': 'models', 'unique_together': (('introduction', 'side'),), 'pk_attr': 'id', 'table_description': "A party's current answer to the current slots: a slot accepted, or a decline with why."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='User',
            name='email_verified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='User',
            name='last_digest_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='User',
            name='mail_mode',
            field=fields.CharEnumField(default=MailMode.IMMEDIATE, description='IMMEDIATE: immediate\nDIGEST: digest', enum_type=MailMode, max_length=16),
        ),
        ops.AddField(
            model_name='User',
            name='mail_unsubscribed',
            field=fields.BooleanField(default=False),
        ),
    ]
