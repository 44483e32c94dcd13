from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0013_search_text_lz4')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Evaluation',
            name='publication_consented_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
