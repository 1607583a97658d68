import uuid

from django.db import migrations


def create_stamps(apps, schema_editor):
    # The tasks' and the working calendar's stamps (core/data_stamp.py).
    for name in ("tasks", "calendar"):
        apps.get_model("core", "DataStamp").objects.get_or_create(
            name=name, defaults={"token": uuid.uuid4().hex}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_data_stamp")]

    operations = [migrations.RunPython(create_stamps, migrations.RunPython.noop)]
