"""`perflint serve`: the reviewer's web page — upload a batch, watch it being checked, read the report.

An optional extra (``pip install "perflint-cn[serve]"``): Starlette on uvicorn, Jinja2 templates with autoescape,
python-multipart for uploads, argon2-cffi for users' passwords. The parts, in the order a request meets them:

- ``app``     the application: middlewares (trusted hosts, security headers, body limit, sessions), routes
- ``auth``    sessions, CSRF tokens, the token or users that a server on another host than localhost needs
- ``limits``  what an upload may be: sizes, counts, zip members and their paths; saving it to a folder
- ``batches`` batches checked off the request, a bounded number at a time, each in a process of its own
- ``jobs``    the one module that calls perflint's runner, engine, reporters and history stage
- ``history`` read-only views of the store: departments, projects, a project's years and versions
- ``i18n``    the pages' words (``messages.zh.json``, ``messages.en.json``); Chinese by default

Nothing here is imported by a plain ``perflint check``.
"""
