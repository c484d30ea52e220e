"""Backup and restore drill for the PostgreSQL database (docs/BACKUPS.md).

    python tools/backup.py dump   <database-url> <file>
    python tools/backup.py restore <file> <database-url>
    python tools/backup.py compare <database-url> <database-url>

`dump` writes pg_dump's custom format (compressed, restorable table by
table); `restore` loads it into an empty database with pg_restore;
`compare` checks row counts of every table and a checksum of the score
tables' contents, exiting non-zero on any difference."""

import hashlib
import subprocess  # nosec B404: runs the PostgreSQL client tools only
import sys
from urllib.parse import urlparse

# Where the scores live: what a restore must bring back bit for bit.
SCORE_TABLES = (
    "training_quizattempt",
    "training_attemptanswer",
    "training_enrollment",
    "training_certificate",
    "training_roleplayassessment",
    "training_criterionscore",
    "performance_observation",
)


def _conn_args(url: str) -> list[str]:
    u = urlparse(url)
    args = ["-h", u.hostname or "127.0.0.1", "-p", str(u.port or 5432)]
    if u.username:
        args += ["-U", u.username]
    return args + ["-d", u.path.lstrip("/")]


def dump(url: str, path: str) -> None:
    subprocess.run(  # nosec B603
        ["pg_dump", "--format=custom", "--no-owner", "-f", path, *_conn_args(url)],
        check=True,
    )


def restore(path: str, url: str) -> None:
    subprocess.run(  # nosec B603
        ["pg_restore", "--no-owner", "--exit-on-error", *_conn_args(url), path],
        check=True,
    )


def fingerprint(url: str) -> dict:
    """{table: row count} for every table, plus {"sha256:<score table>": digest}."""
    import psycopg2

    u = urlparse(url)
    conn = psycopg2.connect(
        host=u.hostname, port=u.port or 5432, user=u.username, dbname=u.path[1:]
    )
    try:
        cur = conn.cursor()
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "ORDER BY tablename"
        )
        result = {}
        for (table,) in cur.fetchall():
            ident = '"' + table.replace('"', '""') + '"'
            cur.execute(f"SELECT count(*) FROM {ident}")  # nosec B608
            result[table] = cur.fetchone()[0]
            if table in SCORE_TABLES:
                digest = hashlib.sha256()
                cur.execute(f"SELECT t::text FROM {ident} t ORDER BY 1")  # nosec B608
                for (row,) in cur:
                    digest.update(row.encode())
                result[f"sha256:{table}"] = digest.hexdigest()
    finally:
        conn.close()
    return result


def compare(a: str, b: str) -> list[str]:
    fa, fb = fingerprint(a), fingerprint(b)
    return [
        f"{key}: {fa.get(key)} != {fb.get(key)}"
        for key in sorted(set(fa) | set(fb))
        if fa.get(key) != fb.get(key)
    ]


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "dump":
        dump(*args)
    elif command == "restore":
        restore(*args)
    elif command == "compare":
        problems = compare(*args)
        print("\n".join(problems) or "identical: row counts and score checksums")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
