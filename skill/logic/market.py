"""Who to call in the user's market: the one lookup from a locale to content/services.yaml.

Content sentences and response templates name the numbers as placeholders ({emergency},
{crisis}, {provider}...), filled once per market when its Context is built, so no sentence
anywhere says "your local emergency number" and every flow, card and screen says the same.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .speech import Dialog

# The placeholders a content sentence or a response may use, and where each comes from.
PLACEHOLDERS = ("emergency", "emergency_also", "emergency_number", "crisis", "crisis_how", "crisis_name",
                "crisis_also", "provider", "fever_temperature", "mastitis_temperature")


def market(services: dict[str, Any], locale: str) -> dict[str, Any]:
    """The market of a locale the content has ("en-GB"): the compiler checked that every such
    locale has one, and the conversation answers any other locale in the default's."""
    chosen: dict[str, Any] = services["markets"][locale]
    return chosen


def spoken_values(chosen: dict[str, Any]) -> dict[str, str]:
    """The placeholder values for one market (an absent `also` fills as nothing)."""
    emergency, crisis = chosen["emergency"], chosen["crisis"]
    return {
        "emergency": emergency["spoken"],
        "emergency_also": emergency.get("also", ""),
        "emergency_number": emergency["number"],  # as a screen shows it
        "crisis": crisis["spoken"],
        "crisis_how": crisis["how"],
        "crisis_name": crisis["name"],
        "crisis_also": crisis.get("also", ""),
        "provider": chosen["provider"],
    }


def temperatures(thresholds: dict[str, Any], templates: Dialog) -> dict[str, str]:
    """The fever lines in both scales, the market's own first (its `default_temperature_unit`:
    Celsius in Canada, the UK and Australia), so she hears first the number her thermometer shows."""
    unit = templates.text("default_temperature_unit")
    return {f"{name}_temperature": templates.text(f"temperature_pair_{unit}", fahrenheit=f"{thresholds[f'{prefix}_f']:g}",
                                                  celsius=f"{thresholds[f'{prefix}_c']:g}")
            for name, prefix in (("fever", "fever"), ("mastitis", "mastitis_fever"))}


class _KeepOthers(dict[str, str]):
    """Fills the market's placeholders and leaves the rest ({signs}, {title}) for the turn."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: dict[str, str]) -> str:
    return text.format_map(_KeepOthers(values))


def filled_sentences(sentences: list[str], values: dict[str, str]) -> list[str]:
    """Content sentences with the market's numbers; a sentence that was only an absent `also`
    is dropped rather than said as silence."""
    return [said for said in (fill(s, values).strip() for s in sentences) if said]


def filled_items(items: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """A copy of content items (topics, outcomes: each with a `say` list) with the numbers in."""
    return {name: {**item, "say": filled_sentences(item["say"], values)} for name, item in items.items()}
