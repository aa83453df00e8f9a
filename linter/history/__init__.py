"""Across years and versions: pairing forms with their counterparts, the store that remembers them.

A later stage than the reader and a stage before the rules: ``pairing`` fills ``Form.previous`` from
earlier forms (``--previous`` files and the store), ``compare`` sets what a resubmission fixed, ``stage``
is what the engine calls, ``store`` keeps forms and findings in a database (SQLAlchemy, an optional extra:
imported only when a store is used).
"""
