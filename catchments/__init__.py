"""The attachment domain: the pure rules engine, the service that feeds it, the register, planning."""
