from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0017_proposal_steps')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SponsorshipAttachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('models.SponsorshipApplication', source_field='application_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('filename', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=64)),
                ('size', fields.IntField()),
                ('content', fields.BinaryField()),
                ('uploaded_by', fields.ForeignKeyField('models.User', source_field='uploaded_by_id', null=True, db_constraint=True, to_field='id', related_name='sponsorship_attachments', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sponsorship_attachment', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='answer_due_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='audience',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='contributes',
            field=fields.BooleanField(null=True),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='department',
            field=fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='sponsorship_opinions', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='name_usage',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='opinion',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='opinion_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='opinion_by',
            field=fields.ForeignKeyField('models.User', source_field='opinion_by_id', null=True, db_constraint=True, to_field='id', related_name='sponsorship_opinions_given', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='opinion_question',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='opinion_requested_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='opinion_supports',
            field=fields.BooleanField(null=True),
        ),
        ops.AddField(
            model_name='SponsorshipApplication',
            name='organiser',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
    ]
