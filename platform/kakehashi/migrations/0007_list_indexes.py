from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_approved_groups_index')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Capability',
            index=Index(fields=['organisation_id', 'department_id']),
        ),
        ops.AddIndex(
            model_name='Need',
            index=Index(fields=['status', 'organisation_id', 'department_id', 'area']),
        ),
        ops.AddIndex(
            model_name='Organisation',
            index=Index(fields=['status', 'area']),
        ),
        ops.AddIndex(
            model_name='Organisation',
            index=Index(fields=['status', 'furigana', 'name', 'id']),
        ),
    ]
