"""`__in` on integer columns with numbers the column cannot hold.

Django already answers `pk=10**30` with "no such row" (its integer lookups check the
column's range); `pk__in=[10**30]` still reaches the database, where SQLite raises
OverflowError. This lookup drops such numbers first, so a form's multiple choice or an
API's list of ids answers "unknown" instead of a 500. Registered in `CoreConfig.ready`."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type())
            kept = [value for value in self.rhs
                    if not isinstance(value, int)
                    or ((low is None or value >= low) and (high is None or value <= high))]
            if not kept:
                raise EmptyResultSet
            self.rhs = kept
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
