"""The attachment domain: the rules engine, the service that feeds it, register and planning."""
