"""`python -m bench.jobs <module> <run|floor> <args.json>`: one job phase, its
result as JSON on the last line of stdout."""

import json
import sys

import django


def main() -> None:
    module_name, phase, args_path = sys.argv[1:4]
    django.setup()
    import importlib

    module = importlib.import_module(f"bench.jobs.{module_name}")
    with open(args_path, encoding="utf-8") as f:
        args = json.load(f)
    result = getattr(module, phase)(args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
