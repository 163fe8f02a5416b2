"""Offline, self-contained HTML reports with embedded charts."""
