"""The field taxonomy (分野): fields and their sub-areas, editable by the coordinator."""

from tortoise import fields
from tortoise.models import Model


class Field(Model):
    """A field such as 福祉 or a sub-area such as 高齢者 (``parent`` set).

    ``code`` is stable and used in URLs, CSV files and the matching engine
    (``welfare``, ``welfare.elderly``); labels are what people read.
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    label_ja = fields.CharField(max_length=100)
    label_en = fields.CharField(max_length=100)
    parent: fields.ForeignKeyNullableRelation["Field"] = fields.ForeignKeyField(
        "models.Field", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    parent_id: int | None
    position = fields.IntField(default=0)
    # The directory's records in this field (typed loosely: taxonomy imports no directory model).
    organisations: fields.ManyToManyRelation[Model]
    departments: fields.ManyToManyRelation[Model]
    needs: fields.ManyToManyRelation[Model]
    capabilities: fields.ManyToManyRelation[Model]

    class Meta:
        table = "field"
        ordering = ["position", "id"]


class District(Model):
    """A district (地区) of the city, kept by the coordinator.

    Sign-up offers these names, so groups name their area the way the filters list it."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    position = fields.IntField(default=0)

    class Meta:
        table = "district"
        ordering = ["position", "id"]
