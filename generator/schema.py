"""JSON Schema for each content file, exported from the pydantic models, for editors' YAML tools."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.kinds import KINDS
from generator.model import Glossary, RedFlags, SiteSettings
from generator.paths import GLOSSARY_FILE, RED_FLAGS_FILE, SITE_FILE

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_targets() -> dict[str, tuple[type[BaseModel], str]]:
    """Schema file name → (model, glob of the content files it describes)."""
    targets: dict[str, tuple[type[BaseModel], str]] = {
        f"{kind.singular}.schema.json": (kind.model, f"content/{kind.name}/*.yaml") for kind in KINDS
    }
    targets["site.schema.json"] = (SiteSettings, f"content/{SITE_FILE}")
    targets["red-flags.schema.json"] = (RedFlags, f"content/{RED_FLAGS_FILE}")
    targets["glossary.schema.json"] = (Glossary, f"content/{GLOSSARY_FILE}")
    return targets


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's schema as the YAML file is written: YAML keys, and no ``id`` (the file name)."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema.get("properties", {}).pop("id", None)
    if "id" in schema.get("required", []):
        schema["required"] = [name for name in schema["required"] if name != "id"]
    return {"$schema": SCHEMA_DIALECT, **schema}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (model, _glob) in schema_targets().items():
        path = folder / name
        path.write_text(json.dumps(json_schema(model), indent=2, sort_keys=True) + "\n", "utf-8")
        written.append(path)
    return written


VSCODE_SETTINGS = Path(".vscode/settings.json")


def write_editor_settings(schemas: Path) -> Path | None:
    """Map each content file to its schema in VS Code's settings, if the project has them."""
    if not VSCODE_SETTINGS.is_file():
        return None
    settings = json.loads(VSCODE_SETTINGS.read_text(encoding="utf-8"))
    folder = Path(os.path.relpath(schemas, VSCODE_SETTINGS.parent.parent)).as_posix()
    settings["yaml.schemas"] = {
        f"./{folder}/{name}": glob for name, (_model, glob) in schema_targets().items()
    }
    VSCODE_SETTINGS.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return VSCODE_SETTINGS
