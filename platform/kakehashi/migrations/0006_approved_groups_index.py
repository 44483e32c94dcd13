from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_search_grams')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Organisation',
            index=Index(fields=['status', 'id']),
        ),
    ]
