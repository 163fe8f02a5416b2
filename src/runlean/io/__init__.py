"""Reading and writing files: activity files (FIT, GPX, TCX), CSV logs, archives, iCalendar.

Knows nothing about the database. Every activity reader returns a
:class:`runlean.domain.Activity`.
"""
