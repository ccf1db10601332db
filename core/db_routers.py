"""Send read-only queries to a PostgreSQL replica when DATABASE_REPLICA_URL is set."""

from django.db import connections


class ReplicaRouter:
    """Reads go to "replica", writes to "default".

    Inside a transaction on the primary (every service function is atomic),
    reads stay on the primary, so a write and the reads that check it never
    see different databases. Replication lag is otherwise tolerated: the
    public pages that read here are also cached for minutes.
    """

    def db_for_read(self, model, **hints):
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
