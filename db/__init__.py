"""Storage: schema, migrations, sessions and the shared story queries."""
