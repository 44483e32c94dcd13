from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from kakehashi.collaborations.models import CollaborationStatus
from kakehashi.proposals.models import ProposalAnswer, ProposalStatus, SponsorshipStatus
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_introductions_notifications')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AgreementVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('collaboration', fields.ForeignKeyField('models.Collaboration', source_field='collaboration_id', db_constraint=True, to_field='id', related_name='agreement_versions', on_delete=OnDelete.CASCADE)),
                ('number', fields.IntField()),
                ('purpose', fields.TextField(unique=False)),
                ('plan', fields.TextField(unique=False)),
                ('period_start', fields.DateField()),
                ('period_end', fields.DateField()),
                ('costs', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('roles', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('city_can', fields.TextField(default='', unique=False)),
                ('city_cannot', fields.TextField(default='', unique=False)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='agreement_versions', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'agreement_version', 'app': 'models', 'unique_together': (('collaboration', 'number'),), 'pk_attr': 'id', 'table_description': 'One version of the written agreement (協定書・役割分担): every edit makes a new version'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AgreementApproval',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.ForeignKeyField('models.AgreementVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='approvals', on_delete=OnDelete.CASCADE)),
                ('party_kind', fields.CharField(max_length=16)),
                ('party_id', fields.IntField()),
                ('approved_by', fields.ForeignKeyField('models.User', source_field='approved_by_id', null=True, db_constraint=True, to_field='id', related_name='agreement_approvals', on_delete=OnDelete.SET_NULL)),
                ('approved_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'agreement_approval', 'app': 'models', 'unique_together': (('version', 'party_kind', 'party_id'),), 'pk_attr': 'id', 'table_description': "A party's approval of one agreement version."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CheckIn',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('collaboration', fields.ForeignKeyField('models.Collaboration', source_field='collaboration_id', db_constraint=True, to_field='id', related_name='check_ins', on_delete=OnDelete.CASCADE)),
                ('party_kind', fields.CharField(max_length=16)),
                ('party_id', fields.IntField()),
                ('held_on', fields.DateField()),
                ('done', fields.TextField(unique=False)),
                ('problems', fields.TextField(default='', unique=False)),
                ('next_steps', fields.TextField(default='', unique=False)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='check_ins', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'check_in', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A progress check-in by any party: what was done, problems, next steps.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Evaluation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('collaboration', fields.ForeignKeyField('models.Collaboration', source_field='collaboration_id', db_constraint=True, to_field='id', related_name='evaluations', on_delete=OnDelete.CASCADE)),
                ('party_kind', fields.CharField(max_length=16)),
                ('party_id', fields.IntField()),
                ('scores', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('achieved', fields.TextField(default='', unique=False)),
                ('to_improve', fields.TextField(default='', unique=False)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='evaluations', on_delete=OnDelete.SET_NULL)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'evaluation', 'app': 'models', 'unique_together': (('collaboration', 'party_kind', 'party_id'),), 'pk_attr': 'id', 'table_description': "One party's evaluation: a score of 1 to 5 per principle (ア–ク) and free text."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Proposal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=200)),
                ('issue', fields.TextField(unique=False)),
                ('plan', fields.TextField(unique=False)),
                ('expected_effect', fields.TextField(unique=False)),
                ('fields_', fields.ManyToManyField('models.Field', unique=True, db_constraint=True, through='proposal_field', forward_key='field_id', backward_key='proposal_id', related_name='proposals', on_delete=OnDelete.CASCADE)),
                ('departments_in_mind', fields.ManyToManyField('models.Department', unique=True, db_constraint=True, through='proposal_department_in_mind', forward_key='department_id', backward_key='proposal_id', related_name='proposals_in_mind', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(default=ProposalStatus.SUBMITTED, description='SUBMITTED: submitted\nROUTED: routed\nANSWERED: answered', enum_type=ProposalStatus, max_length=16)),
                ('routed_to', fields.ForeignKeyField('models.Department', source_field='routed_to_id', null=True, db_constraint=True, to_field='id', related_name='proposals_routed', on_delete=OnDelete.SET_NULL)),
                ('routed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('answer', fields.CharEnumField(null=True, description='ADOPTED: adopted\nCONSIDERING: considering\nNOT_ADOPTED: not_adopted', enum_type=ProposalAnswer, max_length=16)),
                ('answer_reason', fields.TextField(default='', unique=False)),
                ('answered_by', fields.ForeignKeyField('models.User', source_field='answered_by_id', null=True, db_constraint=True, to_field='id', related_name='proposals_answered', on_delete=OnDelete.SET_NULL)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('submitted_by', fields.ForeignKeyField('models.User', source_field='submitted_by_id', null=True, db_constraint=True, to_field='id', related_name='proposals_submitted', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'proposal', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A group proposes a collaborative project: the coordinator routes it, a department'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SponsorshipApplication',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='sponsorship_applications', on_delete=OnDelete.CASCADE)),
                ('event_name', fields.CharField(max_length=200)),
                ('purpose', fields.TextField(unique=False)),
                ('description', fields.TextField(default='', unique=False)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField()),
                ('venue', fields.CharField(max_length=200)),
                ('expected_attendance', fields.IntField(null=True)),
                ('admission_fee', fields.IntField(default=0)),
                ('status', fields.CharEnumField(default=SponsorshipStatus.SUBMITTED, description='SUBMITTED: submitted\nAPPROVED: approved\nREFUSED: refused', enum_type=SponsorshipStatus, max_length=16)),
                ('grounds', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('decision_note', fields.TextField(default='', unique=False)),
                ('reviewer', fields.ForeignKeyField('models.User', source_field='reviewer_id', null=True, db_constraint=True, to_field='id', related_name='sponsorship_reviews', on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('submitted_by', fields.ForeignKeyField('models.User', source_field='submitted_by_id', null=True, db_constraint=True, to_field='id', related_name='sponsorship_applications', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sponsorship_application', 'app': 'models', 'pk_attr': 'id', 'table_description': "An application for the city's nominal sponsorship (後援) of an event."},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='Collaboration',
            options={'table': 'collaboration', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A collaboration between groups and departments, opened as a draft when an introduction'},
        ),
        ops.AlterField(
            model_name='Collaboration',
            name='status',
            field=fields.CharEnumField(default=CollaborationStatus.DRAFT, description='DRAFT: draft\nAGREED: agreed\nACTIVE: active\nCOMPLETED: completed', enum_type=CollaborationStatus, max_length=16),
        ),
        ops.AddField(
            model_name='Collaboration',
            name='agreed_version',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Collaboration',
            name='completed_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Collaboration',
            name='fields_',
            field=fields.ManyToManyField('models.Field', unique=True, db_constraint=True, through='collaboration_field', forward_key='field_id', backward_key='collaboration_id', related_name='collaborations', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Collaboration',
            name='forms',
            field=fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Collaboration',
            name='proposal',
            field=fields.ForeignKeyField('models.Proposal', source_field='proposal_id', null=True, db_constraint=True, to_field='id', related_name='collaborations', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Collaboration',
            name='published_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Collaboration',
            name='started_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Collaboration',
            name='summary',
            field=fields.TextField(default='', unique=False),
        ),
    ]
