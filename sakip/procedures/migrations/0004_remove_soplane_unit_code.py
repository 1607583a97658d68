"""SOP lanes name roles only (docs/decisions/0012); 0003 moved the unit codes over to roles.

Apart from 0003 so that PostgreSQL alters the table in a transaction without the data updates.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('procedures', '0003_lanes_by_role'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='soplane',
            name='unit_code',
        ),
    ]
