"""The dashboard (Dasbor): the agency's performance at a glance, read-only (issue 11)."""
