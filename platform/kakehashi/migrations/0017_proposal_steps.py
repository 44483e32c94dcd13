from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0016_agreement_steps')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ProposalConsultation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('models.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='consultations', on_delete=OnDelete.CASCADE)),
                ('held_on', fields.DateField()),
                ('notes', fields.TextField(unique=False)),
                ('next_steps', fields.TextField(default='', unique=False)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='proposal_consultations', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'proposal_consultation', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A consultation with the proposing group before the answer (協議): when, what was'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Proposal',
            name='answer_due_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Proposal',
            name='needs_learned',
            field=fields.TextField(default='', unique=False),
        ),
    ]
