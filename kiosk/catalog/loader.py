"""Reads catalog files, checks them against catalog.schema.json and resolves templates.

A folder holds catalog.json (version and groups) and one JSON file per service, in any
sub-folder. A file with a "template" key is a variant: the named _template file (same folder)
gives the base, the variant's own values replace the template's, its keyword lists and its
extra_fields/extra_documents/extra_rules are appended, and {{dotted.path}} placeholders in the
template's text are filled from the variant. Every problem names the file and the field.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from kiosk.catalog.checks import service_problem
from kiosk.errors import KioskError

PACKAGED_DIR = Path(__file__).resolve().parents[2] / "assets" / "services"
SCHEMA_FILE = PACKAGED_DIR / "catalog.schema.json"
MANIFEST = "catalog.json"
_REPO = PACKAGED_DIR.parents[1]
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_.]*)\s*\}\}")
# variant key -> template key it extends
_APPENDED = {
    "extra_fields": "fields",
    "extra_documents": "documents",
    "extra_rules": "rules",
    "keywords_id": "keywords_id",
    "keywords_en": "keywords_en",
}

Path_ = list[str | int]


class CatalogError(KioskError):
    """A catalog file is broken: `file`, `location` (field path) and `problem` say where and why."""

    def __init__(self, file: str, location: str, problem: str):
        self.file, self.location, self.problem = file, location, problem
        text = f"{file}: {location}: {problem}" if location else f"{file}: {problem}"
        super().__init__(text, f"Katalog layanan rusak: {text}")


def display_path(path: Path) -> str:
    """Paths inside the project read as assets/services/...; others relative to cwd if possible."""
    path = path.resolve()
    for base in (_REPO, Path.cwd()):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)


def format_location(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@cache
def _schema() -> dict:
    try:
        schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError) as exc:
        raise CatalogError(display_path(SCHEMA_FILE), "", f"cannot use the schema: {exc}") from None
    return schema


@cache
def validator(kind: str) -> Draft202012Validator:
    """kind: service, template, variant, manifest or catalog_document."""
    schema = _schema()
    return Draft202012Validator(
        {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"}
    )


def schema_problem(kind: str, data: Any) -> tuple[Path_, str] | None:
    """The most relevant schema violation as (field path, message), or None."""
    error = best_match(validator(kind).iter_errors(data))
    if error is None:
        return None
    path = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [k for k in error.validator_value if k not in error.instance]
        if missing:
            return path + [missing[0]], "is required but missing"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        extra = [k for k in error.instance if k not in allowed]
        if extra:
            return path + [extra[0]], f"unknown key (allowed: {', '.join(sorted(allowed))})"
    if error.validator in ("oneOf", "anyOf"):  # ours list alternative keys: name them
        choices = [s.get("required", [None])[0] for s in error.validator_value]
        if all(choices):
            how = "exactly one" if error.validator == "oneOf" else "at least one"
            return path, f"needs {how} of: {', '.join(choices)}"
    if error.validator == "pattern" and error.validator_value == r"\S":
        return path, "must not be blank"
    message = error.message
    if len(message) > 300:
        message = message[:297] + "..."
    return path, message


def _deref(node: dict) -> dict:
    while "$ref" in node:
        node = _schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _shape(node: dict) -> tuple[dict, bool, dict | None, dict | None]:
    """(properties, closed, schema of other keys, schema of list items) of a schema node,
    following $ref and allOf."""
    node = _deref(node)
    properties = dict(node.get("properties", {}))
    extra = node.get("additionalProperties")
    closed = extra is False
    for part in node.get("allOf", []):
        more, more_closed, more_extra, _ = _shape(part)
        properties.update(more)
        closed = closed or more_closed
        extra = extra if isinstance(extra, dict) else more_extra
    return properties, closed, extra if isinstance(extra, dict) else None, node.get("items")


def drop_unknown_keys(kind: str, data: Any) -> list[Path_]:
    """Remove, in place, every key the schema's `kind` does not know; their paths.

    For documents from a newer server (protocol/versions.py: answers ignore unknown fields):
    the signature was verified over everything received before this. Enum values and types
    are not touched: what is kept is checked as strictly as ever.
    """
    dropped: list[Path_] = []

    def walk(node: dict, value: Any, path: Path_) -> None:
        properties, closed, extra, items = _shape(node)
        if isinstance(value, dict):
            for key in list(value):
                if key in properties:
                    walk(properties[key], value[key], path + [key])
                elif extra is not None:
                    walk(extra, value[key], path + [key])
                elif closed:
                    del value[key]
                    dropped.append(path + [key])
        elif isinstance(value, list) and isinstance(items, dict):
            for index, item in enumerate(value):
                walk(items, item, path + [index])

    walk({"$ref": f"#/$defs/{kind}"}, data, [])
    return dropped


def read_json(path: Path) -> Any:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(shown, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(shown, "", f"cannot read the file: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(
            shown, f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}"
        ) from None


def check_schema(kind: str, data: Any, shown: str) -> None:
    problem = schema_problem(kind, data)
    if problem:
        raise CatalogError(shown, format_location(problem[0]), problem[1])


def _fill(template: Any, context: dict, path: Path_, blame: str) -> Any:
    """Copy of template with every {{name}} replaced by the dotted value from context."""
    if isinstance(template, dict):
        return {k: _fill(v, context, path + [k], blame) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, context, path + [i], blame) for i, v in enumerate(template)]
    if not isinstance(template, str):
        return template

    def value(match: re.Match) -> str:
        found: Any = context
        for part in match.group(1).split("."):
            found = found.get(part) if isinstance(found, dict) else None
        if not isinstance(found, str | int | float) or isinstance(found, bool):
            raise CatalogError(
                blame,
                match.group(1),
                f"is required by the placeholder {match.group(0)} in the template at "
                f"{format_location(path)}",
            )
        return str(found)

    return _PLACEHOLDER.sub(value, template)


class Variant:
    """A variant file merged with its template; maps a merged field path back to its file."""

    def __init__(self, raw: dict, path: Path, template_cache: dict[Path, dict]):
        self.shown = display_path(path)
        template_path = (path.parent / raw["template"]).resolve()
        if not template_path.is_file():
            raise CatalogError(
                self.shown,
                "template",
                f"template file '{raw['template']}' not found in {display_path(path.parent)}",
            )
        self.template_shown = display_path(template_path)
        if template_path not in template_cache:
            template = read_json(template_path)
            check_schema("template", template, self.template_shown)
            template_cache[template_path] = template
        template = template_cache[template_path]
        self.counts = {key: len(template.get(key, [])) for key in set(_APPENDED.values())}
        merged = _fill(template, raw, [], self.shown)  # _fill builds new containers
        for key, value in raw.items():
            if key == "template":
                continue
            target = _APPENDED.get(key)
            if target:
                merged[target] = merged.get(target, []) + copy.deepcopy(value)
            else:
                merged[key] = copy.deepcopy(value)
        self.raw = raw
        self.data = merged

    def origin(self, path: Path_) -> tuple[str, Path_]:
        """(file, path in that file) for a path in the merged service."""
        if not path:
            return self.shown, path
        key = path[0]
        if key in self.counts and len(path) > 1 and isinstance(path[1], int):
            if path[1] >= self.counts[key]:
                own = next(k for k, v in _APPENDED.items() if v == key and k in self.raw)
                return self.shown, [own, path[1] - self.counts[key], *path[2:]]
            return self.template_shown, path
        return (self.shown, path) if key in self.raw else (self.template_shown, path)


def fill_defaults(service: dict) -> dict:
    """Write the schema's defaults out, so every consumer reads the same explicit values."""
    for field in service["fields"]:
        field.setdefault("required", True)
        field.setdefault("multiple", False)
        field.setdefault("check_against_kk", False)
    for doc in service["documents"]:
        doc.setdefault("required", True)
    return service


def service_files(directory: Path) -> list[Path]:
    files = []
    for path in sorted(directory.rglob("*.json")):
        rel = path.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if rel.as_posix() == MANIFEST or path.name.endswith(".schema.json"):
            continue
        if path.name.startswith("_"):  # templates are read through the variants using them
            continue
        files.append(path)
    return files


def load_service_file(path: Path, template_cache: dict[Path, dict]) -> tuple[dict, str]:
    """One checked, resolved service dict and the name of its file."""
    shown = display_path(path)
    raw = read_json(path)
    if isinstance(raw, dict) and "template" in raw:
        check_schema("variant", raw, shown)
        variant = Variant(raw, path, template_cache)
        data = variant.data
        # Both parts passed their schemas, so the merge is a valid service; checking it again
        # would double the load time. The references between its parts are checked here.
        problem = service_problem(data)
        if problem:
            file, where = variant.origin(problem[0])
            raise CatalogError(file, format_location(where), problem[1])
        return fill_defaults(data), shown
    check_schema("service", raw, shown)
    problem = service_problem(raw)
    if problem:
        raise CatalogError(shown, format_location(problem[0]), problem[1])
    return fill_defaults(raw), shown


def load_directory(directory: Path) -> tuple[dict, list[tuple[dict, str]]]:
    """(manifest, [(service dict, file name)]) from a catalog folder."""
    if not directory.is_dir():
        raise CatalogError(display_path(directory), "", "catalog folder not found")
    manifest_path = directory / MANIFEST
    manifest = read_json(manifest_path)
    check_schema("manifest", manifest, display_path(manifest_path))
    template_cache: dict[Path, dict] = {}
    services = [load_service_file(path, template_cache) for path in service_files(directory)]
    if not services:
        raise CatalogError(display_path(directory), "", "no service files found")
    return manifest, services
