from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from kakehashi.accounts.models import Role
from kakehashi.directory.models.needs import CloseReason, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, PartnerKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Field',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=64)),
                ('label_ja', fields.CharField(max_length=100)),
                ('label_en', fields.CharField(max_length=100)),
                ('parent', fields.ForeignKeyField('models.Field', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'field', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A field such as 福祉 or a sub-area such as 高齢者 (``parent`` set).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Department',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=200)),
                ('section', fields.CharField(default='', max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('public_phone', fields.CharField(default='', max_length=40)),
                ('contact_name', fields.CharField(default='', max_length=100)),
                ('contact_email', fields.CharField(default='', max_length=254)),
                ('contact_phone', fields.CharField(default='', max_length=40)),
                ('fields_', fields.ManyToManyField('models.Field', unique=True, db_constraint=True, through='department_field', forward_key='field_id', backward_key='department_id', related_name='departments', on_delete=OnDelete.CASCADE)),
                ('search_text', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'department', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A city department (課・室) inside a section (部).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginAttempt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(db_index=True, max_length=300)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'login_attempt', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A failed sign-in, kept for throttling (the web tier is stateless, so counts live here).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Organisation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='INDIVIDUAL: individual\nCITIZEN_GROUP: citizen_group\nNPO: npo\nNEIGHBOURHOOD: neighbourhood\nCOMPANY: company\nOTHER_CORPORATION: other_corporation', enum_type=PartnerKind, max_length=32)),
                ('name', fields.CharField(unique=True, max_length=200)),
                ('furigana', fields.CharField(default='', max_length=200)),
                ('area', fields.CharField(default='', max_length=100)),
                ('description', fields.TextField(default='', unique=False)),
                ('activities', fields.TextField(default='', unique=False)),
                ('founded_year', fields.IntField(null=True)),
                ('size', fields.IntField(null=True)),
                ('criteria_declared', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('criteria_confirmed', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('public_contact', fields.CharField(default='', max_length=300)),
                ('contact_name', fields.CharField(default='', max_length=100)),
                ('contact_email', fields.CharField(default='', max_length=254)),
                ('contact_phone', fields.CharField(default='', max_length=40)),
                ('status', fields.CharEnumField(default=ApprovalStatus.PENDING, description='PENDING: pending\nAPPROVED: approved\nREJECTED: rejected', enum_type=ApprovalStatus, max_length=16)),
                ('fields_', fields.ManyToManyField('models.Field', unique=True, db_constraint=True, through='organisation_field', forward_key='field_id', backward_key='organisation_id', related_name='organisations', on_delete=OnDelete.CASCADE)),
                ('search_text', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'organisation', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A citizen group, NPO, 町内会・自治会, company programme or individual volunteer.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Capability',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', null=True, db_constraint=True, to_field='id', related_name='capabilities', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='capabilities', on_delete=OnDelete.CASCADE)),
                ('fields_', fields.ManyToManyField('models.Field', unique=True, db_constraint=True, through='capability_field', forward_key='field_id', backward_key='capability_id', related_name='capabilities', on_delete=OnDelete.CASCADE)),
                ('search_text', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'capability', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Something a group or department can give: skills, people, rooms, equipment, know-how.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Need',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('area', fields.CharField(default='', max_length=100)),
                ('period_start', fields.DateField(null=True)),
                ('period_end', fields.DateField(null=True)),
                ('status', fields.CharEnumField(default=NeedStatus.DRAFT, description='DRAFT: draft\nOPEN: open\nCLOSED: closed', enum_type=NeedStatus, max_length=16)),
                ('close_reason', fields.CharEnumField(null=True, description='FILLED: filled\nWITHDRAWN: withdrawn', enum_type=CloseReason, max_length=16)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', null=True, db_constraint=True, to_field='id', related_name='needs', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='needs', on_delete=OnDelete.CASCADE)),
                ('fields_', fields.ManyToManyField('models.Field', unique=True, db_constraint=True, through='need_field', forward_key='field_id', backward_key='need_id', related_name='needs', on_delete=OnDelete.CASCADE)),
                ('search_text', fields.TextField(default='', unique=False)),
                ('opened_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'need', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A call for partners, owned by exactly one department or one organisation.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('password_hash', fields.CharField(max_length=255)),
                ('display_name', fields.CharField(max_length=100)),
                ('role', fields.CharEnumField(description='GROUP: group\nDEPARTMENT: department\nCOORDINATOR: coordinator', enum_type=Role, max_length=16)),
                ('locale', fields.CharField(default='ja', max_length=8)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'user_account', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ChangeRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('entity_type', fields.CharField(max_length=32)),
                ('entity_id', fields.IntField()),
                ('action', fields.CharField(max_length=32)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='changes', on_delete=OnDelete.SET_NULL)),
                ('changes', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'change_record', 'app': 'models', 'indexes': [Index(fields=['entity_type', 'entity_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Handover',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='handovers', on_delete=OnDelete.CASCADE)),
                ('from_user', fields.ForeignKeyField('models.User', source_field='from_user_id', null=True, db_constraint=True, to_field='id', related_name='handovers_given', on_delete=OnDelete.SET_NULL)),
                ('to_user', fields.ForeignKeyField('models.User', source_field='to_user_id', null=True, db_constraint=True, to_field='id', related_name='handovers_received', on_delete=OnDelete.SET_NULL)),
                ('note', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'handover', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The record that the officer role of a group passed from one member to another (引継ぎ).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Membership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', null=True, db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('is_officer', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'membership', 'app': 'models', 'unique_together': (('user', 'organisation'), ('user', 'department')), 'pk_attr': 'id', 'table_description': 'Membership of a user in one organisation or one department (officers may hand it over).'},
            bases=['Model'],
        ),
    ]
