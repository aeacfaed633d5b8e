"""The ``pemilu-api`` command line: check data, serve the API, write the OpenAPI document."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pemilu_api.domain.loader import default_fixtures_dir, load_dataset
from pemilu_api.domain.previous import check_against, read_earlier
from pemilu_api.domain.violations import DataError


def _check(args: argparse.Namespace) -> int:
    directory = Path(args.dir) if args.dir else None
    try:
        dataset = load_dataset(directory)
        if args.previous:
            earlier, notes = read_earlier(Path(args.previous))
            for note in notes:
                print(f"note: {note}", file=sys.stderr)
            problems = check_against(earlier, dataset, directory or default_fixtures_dir())
            if problems:
                raise DataError(problems)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    stages = sum(len(e.stages) for e in dataset.elections)
    rules = sum(len(e.constraints) + len(e.lengths) + len(e.offsets) for e in dataset.elections)
    print(
        f"ok: {len(dataset.elections)} elections, {stages} stages, {rules} ordering rules, "
        f"{len(dataset.regions)} regions; revision {dataset.revision.isoformat()}"
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    from pemilu_api.ops.server import ServeConfig, serve

    try:
        config = ServeConfig.from_env(
            host=args.host,
            port=args.port,
            workers=args.workers,
            fixtures=args.fixtures,
            base_url=args.base_url,
        )
    except ValueError as exc:
        print(f"pemilu-api serve: error: {exc}", file=sys.stderr)
        return 2
    warning = config.base_url_warning()
    if warning is not None:
        print(f"pemilu-api serve: {warning}", file=sys.stderr)
    return serve(config)


def _openapi(args: argparse.Namespace) -> int:
    from pemilu_api.app import create_app
    from pemilu_api.settings import Settings
    from pemilu_api.web.openapi import render_openapi

    text = render_openapi(create_app(Settings.from_env(base_url=args.base_url)))
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    if not target.parent.is_dir():
        print(
            f"pemilu-api openapi: error: no folder {str(target.parent)!r} to write "
            f"{target.name} into; give --output FILE, or --output - for standard output",
            file=sys.stderr,
        )
        return 2
    target.write_text(text, "utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    import logging

    from pemilu_api.app import create_app
    from pemilu_api.ops.export import FILES, export
    from pemilu_api.ops.nginx_conf import write_nginx
    from pemilu_api.settings import Settings

    settings = Settings.from_env(fixtures=args.fixtures, base_url=args.base_url)
    try:
        app = create_app(settings)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    directory = Path(args.dir)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per fetched URL otherwise
    manifest = export(app, directory)
    conf = write_nginx(
        manifest,
        directory / FILES,
        directory,
        listen=args.listen,
        upstream=args.upstream,
        workers=args.workers,
        access_log=not args.no_access_log,
    )
    print(
        f"exported {len(manifest.entries)} resources to {directory / FILES}; "
        f"{len(manifest.skipped)} need the live server; nginx: nginx -p {directory.resolve()} "
        f"-c {conf.name}"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="pemilu-api", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a fixtures folder")
    check.add_argument("dir", nargs="?", help="fixtures folder (default: the bundled data)")
    check.add_argument(
        "--previous",
        help="an earlier version of the folder: refuse ids dropped unretired, dates changed "
        "without a change entry, and changed files without a newer revision",
    )
    check.set_defaults(run=_check)
    serve = sub.add_parser("serve", help="serve the API")
    serve.add_argument("--host", help="address to listen on (env PEMILU_API_HOST; 127.0.0.1)")
    serve.add_argument("--port", type=int, help="TCP port (env PEMILU_API_PORT; 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (env PEMILU_API_WORKERS; 1)")
    serve.add_argument("--fixtures", help="fixtures folder (env PEMILU_API_FIXTURES)")
    serve.add_argument("--base-url", help="public base URL for links (env PEMILU_API_BASE_URL)")
    serve.set_defaults(run=_serve)
    export = sub.add_parser(
        "export", help="write every static resource and an nginx config that serves them"
    )
    export.add_argument("dir", help="output folder (files/, manifest.json, nginx.conf, nginx/)")
    export.add_argument("--fixtures", help="fixtures folder (env PEMILU_API_FIXTURES)")
    export.add_argument("--base-url", help="public base URL for links (env PEMILU_API_BASE_URL)")
    export.add_argument("--listen", default="127.0.0.1:8080", help="nginx listen address")
    export.add_argument(
        "--upstream",
        help="live server (e.g. http://127.0.0.1:8000) for what cannot be exported; default: 404",
    )
    export.add_argument("--workers", type=int, default=1, help="nginx worker processes")
    export.add_argument(
        "--no-access-log", action="store_true", help="nginx writes no logs/access.log"
    )
    export.set_defaults(run=_export)
    openapi = sub.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument(
        "--output",
        default="-",
        help="file to write, or - for standard output (the default); the repository keeps it "
        "in openapi/openapi.json",
    )
    openapi.add_argument(
        "--base-url", help="public base URL, its servers entry (env PEMILU_API_BASE_URL)"
    )
    openapi.set_defaults(run=_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    status: int = args.run(args)
    return status
