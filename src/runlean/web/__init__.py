"""``runlean serve``: the web app (FastAPI + Jinja2 + HTMX, plotly.js served locally).

The app is an interface layer like the CLI: each route parses its input, calls one service
function of the public Python API (the one the CLI uses), and renders the result as HTML or as
JSON under ``/api/v1``. Nothing is fetched from the network: HTMX, plotly.js and the CSS are
served by the app itself.

:func:`runlean.web.app.create_app` builds the application; import it from there (this package
imports nothing heavy on its own).
"""
