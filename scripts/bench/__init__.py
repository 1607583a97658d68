"""`make bench`: the app served by gunicorn on PostgreSQL with a generated regency, driven over
HTTP by the people who use it (docs/performance.md, "make bench").

Modules, one job each: `environment` (the settings of the run), `database` (the fresh database),
`prepare` (runs inside Django: the data and the pages to ask), `server` (gunicorn), `sessions`
(logging the personas in through the login form), `load` (the load generator), `stats` and
`report` (the figures and the markdown table), `__main__` (the whole run).
"""
