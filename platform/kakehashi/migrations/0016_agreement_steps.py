from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0015_queue_scale')]

    initial = False

    operations = [
        ops.AddField(
            model_name='AgreementVersion',
            name='change_termination',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='AgreementVersion',
            name='check_in_every',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='AgreementVersion',
            name='check_in_unit',
            field=fields.CharField(default='', max_length=8),
        ),
        ops.AddField(
            model_name='AgreementVersion',
            name='evaluation_plan',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='AgreementVersion',
            name='insurance',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='AgreementVersion',
            name='personal_information',
            field=fields.TextField(default='', unique=False),
        ),
    ]
