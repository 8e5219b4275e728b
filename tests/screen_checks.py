"""Helpers for the screen tests: a reply turned into a real Alexa response by the handler layer's
`respond()`, on an Echo Show and on a voice-only Echo, and what makes a RenderDocument valid
(its documents' bindings checked against the datasource)."""
from __future__ import annotations

import json
import re

from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import RequestEnvelope

from skill.console.envelopes import SCREEN_DEVICE, Session
from skill.handlers import respond
from skill.render.apl.directive import RENDER_DOCUMENT
from skill.render.apl.documents import documents
from skill.serializer import AlexaSerializer

SERIALIZER = AlexaSerializer()
MAX_RESPONSE_BYTES = 24_000  # Alexa's limit for the whole response


def envelope(interfaces: dict) -> RequestEnvelope:
    raw = Session(supported_interfaces=interfaces).intent("AMAZON.HelpIntent")
    return SERIALIZER.deserialize(json.dumps(raw), RequestEnvelope)


SHOW, VOICE_ONLY = envelope(SCREEN_DEVICE), envelope({})


def response_on(device: RequestEnvelope, reply, context) -> dict:
    """The JSON response body (outputSpeech, directives, ...) `respond()` builds for this reply
    on this device."""
    handler_input = HandlerInput(request_envelope=device, attributes_manager=AttributesManager(device))
    return SERIALIZER.serialize(respond(handler_input, reply, context=context))


def render_documents(response: dict) -> list[dict]:
    return [d for d in response.get("directives", []) if d["type"] == RENDER_DOCUMENT]


def screen_sent(response: dict) -> tuple[str, dict]:
    """The one screen a response body sends, checked: its kind (from the token) and its data."""
    [directive] = render_documents(response)
    assert problems_of(directive) == []
    return directive["token"].rpartition("-")[2], directive["datasources"]["screen"]


def problems_of(directive: dict) -> list[str]:
    """What is wrong with a RenderDocument directive: a document that is not one of ours, a
    binding the datasource does not fill."""
    kinds = [kind for kind, document in documents().items() if document == directive["document"]]
    if len(kinds) != 1:
        return ["the document is not one of skill/render/apl/documents"]
    return unbound_paths(directive["document"], directive["datasources"])


# Names an APL expression may use without a datasource behind them.
APL_GLOBALS = {"viewport", "environment", "elapsedTime", "utcTime", "localTime", "Math", "Time",
               "String", "Array", "Object", "event", "null", "true", "false"}
ANY = object()  # a value known only at render time (a bind, an AVG parameter)
EXPRESSION = re.compile(r"\$\{(.*?)\}")
STRING_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")
RESOURCE = re.compile(r"@([A-Za-z_]\w*)")
PATH = re.compile(r"(?<![\w.@])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")


# --- the binding checker ---------------------------------------------------------------------

def unbound_paths(document: dict, data: dict) -> list[str]:
    """Every ${...} path in the document that the datasource does not provide, each with where
    it was found. Walks the template as APL inflates it: a layout's parameters take the values
    passed where it is used, a data-bound component's children see `data` as one array element."""
    problems: list[str] = []
    layouts = document.get("layouts", {})
    _walk(document["mainTemplate"]["items"], {"screen": data["screen"]}, layouts, "mainTemplate", problems)
    for name, graphic in document.get("graphics", {}).items():
        scope = {p["name"]: ANY for p in graphic.get("parameters", [])}
        _check_strings(graphic.get("items"), scope, f"graphics/{name}", problems)
    return problems


def _walk(node, scope: dict, layouts: dict, where: str, problems: list[str]) -> None:
    if isinstance(node, list):
        for i, child in enumerate(node):
            _walk(child, scope, layouts, f"{where}/{i}", problems)
        return
    scope = dict(scope)
    for bind in node.get("bind", []):
        _check_strings(bind.get("value"), scope, f"{where}/bind", problems)
        scope[bind["name"]] = ANY
    children_scope = scope
    if "data" in node:
        items = _resolve_single(node["data"], scope)
        if not isinstance(items, list):
            problems.append(f"{where}/data: {node['data']} is not a list in the datasource")
            return
        if not items:
            return  # no child is inflated (a reply that names nothing to say shows no hints)
        children_scope = {**scope, "data": items[0], "index": 0, "ordinal": 1, "length": len(items)}
    own = {k: v for k, v in node.items() if k not in ("bind", "data", "item", "items")}
    _check_strings(own, scope, where, problems)
    layout = layouts.get(node.get("type"))
    if layout is not None:
        inner = {name: _resolve_single(node.get(name, ""), scope) for name in layout.get("parameters", [])}
        _walk([layout["item"]], inner, layouts, f"{where}({node['type']})", problems)
    for key in ("item", "items"):
        if key in node:
            _walk(node[key] if isinstance(node[key], list) else [node[key]], children_scope, layouts,
                  f"{where}/{key}", problems)


def _resolve_single(value, scope: dict):
    """The value of a string that is exactly one ${path}; ANY for anything else."""
    if isinstance(value, str):
        match = re.fullmatch(r"\$\{([A-Za-z_][\w.]*)\}", value)
        if match:
            found = _lookup(match.group(1), scope)
            return ANY if found is None else found[0]
    return ANY


def _lookup(path: str, scope: dict):
    """(value,) when the path resolves, None when it does not; ANY absorbs the rest of a path."""
    root, *rest = path.split(".")
    if root not in scope:
        return None
    value = scope[root]
    for key in rest:
        if value is ANY:
            return (ANY,)
        if isinstance(value, list) and key == "length":
            return (len(value),)
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return (value,)


def _check_strings(node, scope: dict, where: str, problems: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _check_strings(value, scope, f"{where}/{key}", problems)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_strings(value, scope, f"{where}/{i}", problems)
    elif isinstance(node, str):
        for expression in EXPRESSION.findall(node):
            code = RESOURCE.sub("", STRING_LITERAL.sub("", expression))
            for path in PATH.findall(code):
                if path.split(".")[0] in APL_GLOBALS:
                    continue
                if _lookup(path, scope) is None:
                    problems.append(f"{where}: ${{{path}}}")
