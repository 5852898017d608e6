"""mlhelpers: the helper library of *The Professionalization and Practice of Medical Leadership*.

Chapters start with::

    import mlhelpers as ml
    ml.setup()

and then load curated data with :func:`load`, external data with
:func:`fetch`, and caption every chart with :func:`add_source`.
"""

from .charts import partial_date, timeline
from .data import datasets, load
from .errors import (
    ArgumentTypeError,
    ArgumentValueError,
    CacheFolderError,
    ColumnTypeError,
    CuratedDataChangedError,
    DescriptorError,
    DataUnavailableError,
    DatasetNotFoundError,
    DataValidationError,
    EmptySelectionError,
    FetchError,
    HashMismatchError,
    MissingColumnError,
    MissingFileError,
    MissingValueError,
    MlhelpersError,
    UnexpectedColumnError,
    ValueNotAllowedError,
)
from .exercises import check, is_correct
from .explorers import timeline_explorer
from .sources import (
    ae_performance,
    beds,
    codebook,
    country_indicators,
    coverage,
    cqc_ratings,
    engagement_index,
    finances,
    indicator_info,
    inpatient_admissions,
    medical_staff_2017,
    providers,
    rtt_performance,
    shmi,
    staff_stability,
    staff_survey_managers,
    staff_wellbeing_2021_2024,
    staff_survey_2024,
    trust_panel,
    workforce_fte,
)
from .fetch import fetch
from .notebook import setup
from .style import PALETTE, add_source, author_year, table

__version__ = "2.0.0"

__all__ = [
    "setup",
    "load",
    "datasets",
    "fetch",
    "providers",
    "cqc_ratings",
    "staff_survey_managers",
    "workforce_fte",
    "shmi",
    "ae_performance",
    "rtt_performance",
    "finances",
    "beds",
    "staff_stability",
    "inpatient_admissions",
    "medical_staff_2017",
    "codebook",
    "engagement_index",
    "staff_wellbeing_2021_2024",
    "staff_survey_2024",
    "country_indicators",
    "indicator_info",
    "trust_panel",
    "coverage",
    "check",
    "is_correct",
    "timeline_explorer",
    "add_source",
    "author_year",
    "table",
    "timeline",
    "partial_date",
    "PALETTE",
    "MlhelpersError",
    "DatasetNotFoundError",
    "MissingFileError",
    "DataValidationError",
    "MissingColumnError",
    "UnexpectedColumnError",
    "ColumnTypeError",
    "MissingValueError",
    "ValueNotAllowedError",
    "EmptySelectionError",
    "FetchError",
    "HashMismatchError",
    "DataUnavailableError",
    "DescriptorError",
    "CuratedDataChangedError",
    "CacheFolderError",
    "ArgumentTypeError",
    "ArgumentValueError",
]
