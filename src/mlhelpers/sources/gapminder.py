"""Source: Gapminder's systema globalis (open-numbers, CC BY 4.0).

Country series in long format from the World Bank, the WHO Global Health
Expenditure Database and IHME. Series mix definitions and have breaks:
label the source on every figure.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import pandas as pd

from ..errors import EmptySelectionError
from ..validate import as_str_list
from ._reader import table, tidy

GEO, CONCEPTS = "gapminder/geo_country.csv", "gapminder/concepts.csv"

#: Gapminder indicators that :func:`country_indicators` offers, with their units.
INDICATORS: dict[str, str] = {
    "medical_doctors_per_1000_people": "doctors per 1,000 people (World Bank SH.MED.PHYS.ZS)",
    "total_health_spending_percent_of_gdp": "% of GDP (WHO)",
    "government_share_of_total_health_spending_percent": "% of total health spending (WHO)",
    "total_health_spending_per_person_us": "current US$ per person (WHO)",
    "life_expectancy_at_birth_data_from_ihme": "years (IHME)",
    "infant_mortality_rate_per_1000_births": "deaths under 1 year per 1,000 live births",
}

#: Default countries of :func:`country_indicators` (Gapminder ids = lower-case ISO3).
DEFAULT_COUNTRIES: tuple[str, ...] = (
    "gbr", "dnk", "usa", "deu", "fra", "ita", "swe", "nld", "nor", "can", "aus", "nzl",
)



@tidy
def indicator_info() -> pd.DataFrame:
    """The Gapminder indicators that :func:`country_indicators` offers, for captions.

    Columns: ``indicator`` (id), ``name``, ``unit``, ``description``,
    ``source`` (publisher, where Gapminder names one), ``source_url``.
    """
    c = table(CONCEPTS).set_index("concept").loc[list(INDICATORS)]
    return pd.DataFrame({
        "indicator": list(INDICATORS), "name": c["name"].to_numpy(), "unit": list(INDICATORS.values()),
        "description": c["description"].to_numpy(), "source": c["source"].to_numpy(),
        "source_url": c["source_url"].to_numpy(),
    })


def _resolve_countries(wanted: list[str], geo: pd.DataFrame) -> list[str]:
    """Gapminder ids of ``wanted`` (ids, ISO3 codes or names, any case), or a named error."""
    lookup: dict[str, str] = {}
    for gid, iso3, name in zip(geo["country"], geo["iso3166_1_alpha3"], geo["name"]):
        lookup[gid.lower()] = gid
        lookup[name.lower()] = gid
        if isinstance(iso3, str):
            lookup[iso3.lower()] = gid
    out, unknown = [], []
    for w in wanted:
        gid = lookup.get(w.strip().lower())
        (out if gid else unknown).append(gid or w)
    if unknown:
        hints = {u: difflib.get_close_matches(u.lower(), list(lookup), n=3) for u in unknown}
        hint = "; ".join(f"{u!r}: did you mean {', '.join(map(repr, h))}?" for u, h in hints.items() if h)
        raise EmptySelectionError(
            f"Unknown country {', '.join(map(repr, unknown))}. {hint + '. ' if hint else ''}"
            "Valid choices are the Gapminder ids in gapminder/geo_country.csv (column 'country', "
            "lower-case ISO3 such as 'gbr', 'usa', 'deu'), their ISO3 codes or their names "
            f"(e.g. 'UK', 'USA'). The defaults are {list(DEFAULT_COUNTRIES)}."
        )
    return list(dict.fromkeys(out))


@tidy
def country_indicators(
    countries: str | Iterable[str] | None = None, indicators: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """Gapminder health-system series for selected countries, as one long table.

    Parameters
    ----------
    countries:
        Gapminder ids (lower-case ISO3, e.g. ``"gbr"``), ISO3 codes
        (``"GBR"``) or Gapminder names (``"UK"``). Default
        :data:`DEFAULT_COUNTRIES`: UK, Denmark, USA, Germany, France, Italy,
        Sweden, Netherlands, Norway, Canada, Australia, New Zealand.
    indicators:
        Keys of :data:`INDICATORS` (default: all six). Units and sources:
        :func:`indicator_info`. Series mix definitions and have breaks; label
        the source on every figure.

    Returns
    -------
    DataFrame with columns ``geo`` (Gapminder id), ``iso3`` (upper-case
    ISO 3166-1 alpha-3), ``country`` (name as Gapminder writes it),
    ``year`` (calendar year), ``indicator`` (key), ``value`` (float, in the
    indicator's unit), sorted by indicator, country and year.

    Raises
    ------
    EmptySelectionError
        Unknown country or indicator (the message names the valid choices),
        an empty list, or a selection with no data points.
    """
    wanted_ind = as_str_list(indicators, INDICATORS, "indicators")
    unknown = [i for i in wanted_ind if i not in INDICATORS]
    if unknown:
        raise EmptySelectionError(f"Unknown indicator(s) {unknown}. Valid choices: {list(INDICATORS)}.")
    geo = table(GEO)
    ids = _resolve_countries(as_str_list(countries, DEFAULT_COUNTRIES, "countries"), geo)
    parts = []
    for ind in dict.fromkeys(wanted_ind):
        t = table(f"gapminder/{ind}.csv")
        t = t[t["geo"].isin(ids)]
        parts.append(pd.DataFrame({
            "geo": t["geo"], "year": t["time"].astype("int64"), "indicator": ind, "value": t[ind],
        }))
    out = pd.concat(parts, ignore_index=True)
    if out.empty:
        raise EmptySelectionError(f"No data points for countries {ids} and indicators {wanted_ind}.")
    names = geo.set_index("country")
    out.insert(1, "iso3", out["geo"].map(names["iso3166_1_alpha3"]))
    out.insert(2, "country", out["geo"].map(names["name"]))
    return out.sort_values(["indicator", "country", "year"], ignore_index=True)


