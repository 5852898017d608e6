"""One module per chapter, each defining ``EXERCISES: dict[str, Exercise]``.

:func:`mlhelpers.exercises.registry` finds every module here, so a chapter adds
exercises without editing a shared file.
"""
