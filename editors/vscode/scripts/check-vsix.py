#!/usr/bin/env python3
"""Checks a packaged .vsix (a zip): lists it, asserts it holds the files the extension needs
and nothing it should not ship, and unpacks it into DEST (for the tests of the packaged
bundle). Usage: check-vsix.py VSIX DEST"""
import json
import os
import sys
import zipfile

vsix, dest = sys.argv[1], sys.argv[2]
required = [
    "extension/package.json",
    "extension/out/extension.js",
    "extension/syntaxes/astral.tmLanguage.json",
    "extension/language-configuration.json",
    "extension/README.md",
    "extension/LICENSE.txt",
    "extension.vsixmanifest",
    "[Content_Types].xml",
]
forbidden = ("extension/node_modules/", "extension/src/", "extension/test/", "extension/scripts/")

errors = []
with zipfile.ZipFile(vsix) as z:
    bad = z.testzip()
    if bad is not None:
        errors.append(f"corrupt member: {bad}")
    infos = z.infolist()
    names = [i.filename for i in infos]
    print(f"{vsix}: {os.path.getsize(vsix)} bytes, {len(names)} files")
    for i in infos:
        print(f"  {i.file_size:>9}  {i.filename}")
    # vsce stores the readme as readme.md and the license as LICENSE.txt: compare names
    # case-insensitively, and take LICENSE for LICENSE.txt.
    lower = {n.lower() for n in names}
    for name in required:
        if name.lower() not in lower and not (name == "extension/LICENSE.txt" and "extension/license" in lower):
            errors.append(f"missing: {name}")
    for name in names:
        if name.startswith(forbidden) or name.endswith((".ts", ".map", ".vsix")):
            errors.append(f"should not be packaged: {name}")
    if not errors:
        manifest = json.loads(z.read("extension/package.json"))
        grammar = json.loads(z.read("extension/syntaxes/astral.tmLanguage.json"))
        json.loads(z.read("extension/language-configuration.json"))
        if manifest.get("name") != "astral-vscode":
            errors.append(f"packaged package.json has name {manifest.get('name')!r}")
        if grammar.get("scopeName") != "source.astral":
            errors.append("packaged grammar's scopeName is not source.astral")
        z.extractall(dest)

if errors:
    for e in errors:
        print(f"check-vsix: {e}", file=sys.stderr)
    sys.exit(1)
print("check-vsix: ok")
