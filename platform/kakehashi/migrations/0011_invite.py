from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from kakehashi.accounts.models import Role

class Migration(migrations.Migration):
    dependencies = [('models', '0010_request_withdrawn')]

    initial = False

    operations = [
        ops.AddField(
            model_name='User',
            name='reading',
            field=fields.CharField(default='', max_length=100),
        ),
        ops.CreateModel(
            name='Invitation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(db_index=True, max_length=254)),
                ('role', fields.CharEnumField(description='GROUP: group\nDEPARTMENT: department\nCOORDINATOR: coordinator', enum_type=Role, max_length=16)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', null=True, db_constraint=True, to_field='id', related_name='invitations', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='invitations', on_delete=OnDelete.CASCADE)),
                ('invited_by', fields.ForeignKeyField('models.User', source_field='invited_by_id', null=True, db_constraint=True, to_field='id', related_name='invitations_sent', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'invitation', 'app': 'models', 'pk_attr': 'id', 'ordering': ['-sent_at', '-id'], 'table_description': 'An invitation by mail to join a group, a department or the collaboration office.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='District',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'district', 'app': 'models', 'pk_attr': 'id', 'ordering': ['position', 'id'], 'table_description': 'A district (地区) of the city, kept by the coordinator.'},
            bases=['Model'],
        ),
    ]
