"""Tracking services: logs, trend weight, adaptive expenditure, training load, status."""
