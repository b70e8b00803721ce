"""Ingestion: fetch -> parse -> process -> store, one orchestrator, the scheduler and the CLI."""
