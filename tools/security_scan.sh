#!/usr/bin/env bash
# Security scanners for CI: bandit on our code (fails on high severity) and
# pip-audit on the installed dependencies (fails on any known vulnerability;
# PyPI's advisory feed carries no severity). pip-audit needs PyPI's
# vulnerability service to know our pinned versions: when it cannot answer
# for the installed Django (no network, or a mirror without per-version
# data), pip-audit is skipped with a message instead of failing the build.
set -euo pipefail
cd "$(dirname "$0")/.."

.venv/bin/bandit -q -r people courses training performance config bench tools \
  -x '*/migrations/*' --severity-level high --confidence-level medium
echo "bandit: no high-severity findings"

if .venv/bin/python - <<'PY'
import json, sys, urllib.request
from importlib.metadata import version
url = f"https://pypi.org/pypi/django/{version('django')}/json"
try:
    with urllib.request.urlopen(url, timeout=10) as response:  # nosec B310
        sys.exit(0 if "vulnerabilities" in json.load(response) else 1)
except (OSError, ValueError):
    sys.exit(1)
PY
then
  .venv/bin/pip-audit --local --progress-spinner off --skip-editable --strict
else
  echo "pip-audit skipped: PyPI's vulnerability service cannot be reached or" \
    "does not know the installed versions (checked: django $(.venv/bin/python -c \
    'from importlib.metadata import version; print(version("django"))'))"
fi
