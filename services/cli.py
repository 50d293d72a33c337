"""`heartwise ...`: the one command line for the local stack, bootstrap, dev tokens and the demo."""

from __future__ import annotations

import argparse
import sys


def _infra(args: argparse.Namespace) -> None:
    from services.infra import launcher
    from services.infra.paths import stack_paths
    from services.infra.servers import InfraError, by_name

    paths = stack_paths()
    servers = by_name(args.servers)
    try:
        if args.action == "fetch":
            launcher.fetch(paths, servers)
        elif args.action == "up":
            seconds = launcher.up(paths, servers)
            launcher.say(f"Stack ready in {seconds:.1f} s.")
            if not args.no_bootstrap and len(servers) == 4:
                from services.infra.bootstrap import bootstrap

                bootstrap()
        elif args.action == "down":
            launcher.down(paths, servers)
        elif args.action == "status":
            sys.exit(0 if launcher.status(paths, servers) else 1)
        elif args.action == "logs":
            launcher.logs(paths, servers, args.lines)
    except InfraError as error:
        launcher.fail(error)


def _bootstrap(_args: argparse.Namespace) -> None:
    from services.infra.bootstrap import bootstrap

    bootstrap()


def _token(args: argparse.Namespace) -> None:
    from services.common.auth import mint_dev_token

    print(mint_dev_token(sub=args.sub, scopes=args.scope.split(), device_id=args.device_id, ttl_s=args.ttl))


def _analytics_export(args: argparse.Namespace) -> None:
    from services.audit.export import export_cli

    export_cli(since=args.since, out=args.out)


def _k8s(_args: argparse.Namespace) -> None:
    from services.infra.k8s import GENERATED_DIR, write

    for name in write():
        print(f"wrote {GENERATED_DIR / name}")


def _demo(args: argparse.Namespace) -> None:
    from services.infra.demo import run_demo, stop_services
    from services.infra.paths import stack_paths

    if args.action == "stop":
        stop_services(stack_paths())
        return
    run_demo(users=args.users, days=args.days, keep_running=not args.no_wait)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="heartwise", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    infra = commands.add_parser("infra", help="the native local stack: Kafka, Cassandra, FerretDB, registry")
    infra.add_argument("action", choices=["up", "down", "status", "logs", "fetch"])
    infra.add_argument("servers", nargs="*", help="kafka, cassandra, ferretdb, registry (default: all)")
    infra.add_argument("--no-bootstrap", action="store_true", help="skip topics/schemas/tables after `up`")
    infra.add_argument("--lines", type=int, default=40, help="log lines per server for `logs`")
    infra.set_defaults(func=_infra)

    boot = commands.add_parser("bootstrap", help="create topics, register schemas, migrate Cassandra, index Mongo")
    boot.set_defaults(func=_bootstrap)

    token = commands.add_parser("token", help="mint a development JWT (refused in production)")
    token.add_argument("--sub", required=True, help="user id the token speaks for")
    token.add_argument("--scope", default="chat", help='space-separated scopes, e.g. "readings:write"')
    token.add_argument("--device-id", default=None, help="device id claim for device tokens")
    token.add_argument("--ttl", type=int, default=3600, help="lifetime in seconds")
    token.set_defaults(func=_token)

    analytics = commands.add_parser("analytics", help="the de-identified analytics stream (analytics.v1)")
    analytics_commands = analytics.add_subparsers(dest="analytics_command", required=True)
    export = analytics_commands.add_parser("export", help="write analytics.v1 to Parquet partitioned by date")
    export.add_argument("--since", default=None, metavar="YYYY-MM-DD",
                        help="first UTC day to export (default: everything the topic holds)")
    export.add_argument("--out", default="analytics-export", metavar="DIR", help="output folder")
    export.set_defaults(func=_analytics_export)

    k8s = commands.add_parser("k8s", help="Kubernetes manifests")
    k8s.add_argument("action", choices=["generate"], help="rewrite deploy/k8s/base/generated from the tables")
    k8s.set_defaults(func=_k8s)

    demo = commands.add_parser("demo", help="stack + services + simulated devices + a chat, printed")
    demo.add_argument("action", nargs="?", choices=["run", "stop"], default="run")
    demo.add_argument("--users", type=int, default=300, help="simulated users (plus the scripted scenarios)")
    demo.add_argument("--days", type=int, default=10, help="days of history each device sends")
    demo.add_argument("--no-wait", action="store_true", help="print the summary and stop everything")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
