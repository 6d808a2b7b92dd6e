"""Validates GitLab CI files against GitLab's CI JSON schema (tests/ci/gitlab-ci.schema.json,
GitLab's own, as check-jsonschema 0.39 vendors it; MIT, see LICENSE.gitlab-ci-schema).

Usage: python3 tests/ci/validate_gitlab.py FILE...  Exit 0 when every file is valid, 1
with each error (file, path, message) when not, 2 when jsonschema or PyYAML is missing.
"""

import json
import pathlib
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"validate_gitlab: {e}; pip install jsonschema pyyaml", file=sys.stderr)
    sys.exit(2)

schema = json.loads((pathlib.Path(__file__).parent / "gitlab-ci.schema.json").read_text())
validator = jsonschema.Draft7Validator(schema)
bad = 0
for name in sys.argv[1:]:
    doc = yaml.safe_load(pathlib.Path(name).read_text())
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in err.absolute_path) or "(top)"
        print(f"{name}: {path}: {err.message[:300]}")
        bad += 1
sys.exit(1 if bad else 0)
