"""One module per chapter, each defining ``EXERCISES: dict[str, Exercise]``.

:func:`mlhelpers.exercises.registry` finds every module here, so a chapter adds
exercises without editing a shared file. See :mod:`mlhelpers.exercises` for the
API: ``Exercise(question, answer, compute, hint, decimals=None)``, where
``answer`` is a literal fixed when the exercise is written and ``compute``
recomputes it from today's data for the tests only.
"""
