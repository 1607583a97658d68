"""Signals of the core layer, for the layers above it to listen to."""

from django.dispatch import Signal

# Sent after rows of the sender (a model class) were written without `save()` or `delete()`
# (core.bulk, bulk copies): Django's own post_save and post_delete do not fire for those, and a
# cache keyed by the data must still learn of the change (monitoring/stamp.py).
rows_written = Signal()
