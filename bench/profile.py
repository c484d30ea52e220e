"""Profile one page against a kept bench database (`python -m bench --keep`):

    python -m bench.profile /people/hr/ --as hr [-n 50]

Prints the SQL queries of one request and cProfile's top functions over n."""

import argparse
import cProfile
import os
import pstats
import time

from bench.env import bench_database_url, bench_environ


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("path")
    parser.add_argument("--as", dest="role", default="staff")
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    os.environ.update(bench_environ(bench_database_url()))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.http import users_with_role
    from people.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=users_with_role(args.role, 1)[0]))
    response = client.get(args.path)
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    print(f"{args.path}: HTTP {response.status_code}, {len(body)} bytes")
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    print(f"{len(queries)} queries:")
    for q in queries:
        print(f"  {q['time']}s  {q['sql'][:160]}")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.n):
        client.get(args.path)
    profiler.disable()
    per = (time.perf_counter() - started) / args.n * 1000
    print(f"\n{per:.1f} ms per request (profiled, n={args.n})")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
