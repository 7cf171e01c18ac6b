"""What the mining pipeline announces to the apps that use its results (it imports none of
them)."""

from __future__ import annotations

from django.dispatch import Signal

# The passages of an extraction were stored (by the worker, inside its transaction:
# ``on_commit=False``) or corrected by an editor (in a request: ``on_commit=True``, act
# once the transaction commits). Arguments: ``extraction_id``, ``on_commit``. The
# strategies app reindexes the strategies whose documents have the file.
passages_changed = Signal()
