"""Named errors raised by mlhelpers.

Every error says *which* file or dataset, *which* column or key, and *what to
do*, so that a student never has to read a traceback from inside pandas.
All derive from :class:`MlhelpersError`.
"""

from __future__ import annotations


class MlhelpersError(Exception):
    """Base class of every error raised on purpose by mlhelpers."""


class DatasetNotFoundError(MlhelpersError, KeyError):
    """A dataset name or external key is not described in ``datapackage.json``."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class MissingFileError(MlhelpersError, FileNotFoundError):
    """A dataset is described but its file is not on disk."""


class DataValidationError(MlhelpersError, ValueError):
    """A data file does not match its schema in ``datapackage.json``."""


class MissingColumnError(DataValidationError):
    """A column named in the schema is absent from the file."""


class UnexpectedColumnError(DataValidationError):
    """The file has a column that its schema does not describe."""


class ColumnTypeError(DataValidationError):
    """Values in a column cannot be read as the schema's type."""


class MissingValueError(DataValidationError):
    """A required column has empty cells."""


class ValueNotAllowedError(DataValidationError):
    """Values fall outside a column's allowed set, pattern or range."""


class EmptySelectionError(MlhelpersError, ValueError):
    """A filter or selection left nothing to analyse or plot."""


class FetchError(MlhelpersError, RuntimeError):
    """An external dataset could not be obtained."""


class HashMismatchError(FetchError):
    """A file's sha256 differs from the pinned one: it is refused, never analysed."""


class DataUnavailableError(FetchError):
    """An external file is neither cached nor downloadable (e.g. no network)."""


class DescriptorError(MlhelpersError, ValueError):
    """``datapackage.json`` cannot be read or does not describe its resources properly."""


class CuratedDataChangedError(DataValidationError):
    """A curated CSV differs from the sha256 or row count recorded in ``datapackage.json``."""


class CacheFolderError(MlhelpersError, OSError):
    """The external-data cache folder (``MLHELPERS_DATA_DIR``) is missing or not a folder."""


class ArgumentTypeError(MlhelpersError, TypeError):
    """An argument of a public function has the wrong type (the message says what to pass)."""


class ArgumentValueError(MlhelpersError, ValueError):
    """An argument of a public function has an impossible or meaningless value (the message says what to pass)."""
