"""The interaction model and store listing of every English market, made from en-US.

    python interaction_model/generate.py           write interactionModels/custom/<locale>.json
                                                   and the locales of skill.json
    python interaction_model/generate.py --check   exit 1 (naming the files) when they are stale

en-US.json is written by hand. Each other market is en-US plus a small overlay,
interaction_model/locales/<locale>.yaml, so one edit to en-US reaches every market:

    parent: en-GB                 # optional: start from that overlay (en-AU and en-IN from en-GB)
    variants:                     # every sample and slot synonym saying a key is also learned
      tylenol: [paracetamol]      # with each market word ("can i take paracetamol")
    samples:                      # intent -> extra samples in the market's words
      WarningSignsIntent: [when should i go to a and e]
    synonyms:                     # slot type -> value id -> extra synonyms; a word given here is
      SYMPTOM: {vomiting: [sick]} # that value's alone (en-US's flu_like loses "sick" there)
    listing:                      # the store listing: en-US's, with these phrases replaced
      replace: {call 911: call 999}
      countries: [GB]

Intents, slots and value ids always stay en-US's: the handlers and content know only those.
tests/test_interaction_model.py fails when a committed file differs from what this writes.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
MODELS = HERE / "interactionModels" / "custom"
OVERLAYS = HERE / "locales"
MANIFEST = HERE / "skill.json"
BASE = "en-US"


def overlay(locale: str) -> dict[str, Any]:
    """The locale's overlay with its parent's merged in (the child's entries last)."""
    own = yaml.safe_load((OVERLAYS / f"{locale}.yaml").read_text(encoding="utf-8")) or {}
    parent = own.get("parent")
    if not parent:
        return own
    merged = overlay(parent)
    for key in ("variants", "samples"):
        extend(merged.setdefault(key, {}), own.get(key) or {})
    for slot_type, extra in (own.get("synonyms") or {}).items():
        extend(merged.setdefault("synonyms", {}).setdefault(slot_type, {}), extra)
    listing = merged.setdefault("listing", {})
    listing["replace"] = {**listing.get("replace", {}), **own.get("listing", {}).get("replace", {})}
    listing.update({k: v for k, v in own.get("listing", {}).items() if k != "replace"})
    return merged


def extend(lists: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for name, extra in more.items():
        lists[name] = [*lists.get(name, []), *extra]


def locales() -> list[str]:
    return sorted(path.stem for path in OVERLAYS.glob("*.yaml"))


def with_variants(phrases: list[str], variants: dict[str, list[str]]) -> list[str]:
    """The phrases, each followed by its copies in the market's words, without repeats."""
    out: dict[str, None] = {}
    for phrase in phrases:
        out[phrase] = None
        for word, local_words in variants.items():
            if re.search(rf"\b{re.escape(word)}\b", phrase):
                for local in local_words:
                    out[re.sub(rf"\b{re.escape(word)}\b", local, phrase)] = None
    return list(out)


def model(base: dict[str, Any], market: dict[str, Any]) -> dict[str, Any]:
    language = json.loads(json.dumps(base["interactionModel"]["languageModel"]))
    variants = market.get("variants") or {}
    extra_samples = market.get("samples") or {}
    for intent in language["intents"]:
        samples = intent.get("samples", []) + extra_samples.get(intent["name"], [])
        if samples or "samples" in intent:
            intent["samples"] = with_variants(samples, variants)
    unknown = set(extra_samples) - {intent["name"] for intent in language["intents"]}
    if unknown:
        raise ValueError(f"samples for intents en-US does not have: {sorted(unknown)}")
    extra_synonyms = market.get("synonyms") or {}
    for slot_type in language["types"]:
        extra = extra_synonyms.get(slot_type["name"], {})
        # A market's word means what the market says, even where en-US gave it to another value.
        claimed = {word: value_id for value_id, words in extra.items() for word in words}
        for value in slot_type["values"]:
            name = value["name"]
            kept = [s for s in name.get("synonyms", []) if claimed.get(s, value["id"]) == value["id"]]
            spoken = with_variants([name["value"], *kept, *extra.get(value["id"], [])], variants)
            name["synonyms"] = [s for s in spoken if s != name["value"]]
    return {"interactionModel": {"languageModel": language}}


def listing(base: dict[str, Any], market: dict[str, Any]) -> dict[str, Any]:
    """The store listing: en-US's name, description and example phrases, in the market's words."""
    replace = market.get("listing", {}).get("replace", {})
    text = json.dumps(base, ensure_ascii=False)
    for phrase, local in replace.items():
        if phrase not in text:
            raise ValueError(f"listing.replace: en-US's listing never says {phrase!r}")
        text = text.replace(phrase, local)
    return json.loads(text)


def generated() -> dict[Path, str]:
    """Every generated file's path and text."""
    base = json.loads((MODELS / f"{BASE}.json").read_text(encoding="utf-8"))
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    publishing, privacy = manifest["manifest"]["publishingInformation"], manifest["manifest"]["privacyAndCompliance"]
    countries = ["US"]
    files = {}
    for locale in locales():
        market = overlay(locale)
        files[MODELS / f"{locale}.json"] = dump(model(base, market))
        publishing["locales"][locale] = listing(publishing["locales"][BASE], market)
        privacy["locales"][locale] = privacy["locales"][BASE]
        countries += [c for c in market.get("listing", {}).get("countries", []) if c not in countries]
    for section in (publishing["locales"], privacy["locales"]):
        stale = set(section) - {BASE, *locales()}
        for locale in stale:
            del section[locale]
    publishing["distributionCountries"] = countries
    files[MANIFEST] = dump(manifest)
    return files


def dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    files = generated()
    if "--check" in argv:
        stale = [path for path, text in files.items()
                 if not path.is_file() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(HERE.parent)} is stale: run python interaction_model/generate.py",
                  file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
