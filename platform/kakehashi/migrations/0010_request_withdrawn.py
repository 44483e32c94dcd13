from tortoise import migrations
from tortoise.migrations import operations as ops
from kakehashi.introductions.models import QueueStatus
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0009_sched')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='QueueItem',
            name='status',
            field=fields.CharEnumField(default=QueueStatus.OPEN, description='OPEN: open\nDISMISSED: dismissed\nINTRODUCED: introduced\nWITHDRAWN: withdrawn', enum_type=QueueStatus, max_length=16),
        ),
    ]
