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


def _percent(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("percent must be within 0..100")
    return value


def _operator(args: argparse.Namespace) -> str:
    if args.by:
        return str(args.by)
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        sys.exit("heartwise flags: say who you are with --by OPERATOR (every change is audited)")


def _flags(args: argparse.Namespace) -> None:
    from datetime import UTC, datetime

    from confluent_kafka import KafkaException

    from services.common.flags import (
        KNOWN_FLAGS,
        FlagStoreUnavailable,
        describe,
        plan_change,
        plan_stage,
        publish_change,
        read_flags,
    )
    from services.common.flags import now_ms as clock_ms
    from services.common.logging import configure_logging

    configure_logging("WARNING", json=False)  # the command prints its own lines; logs only when something is wrong
    try:
        current = read_flags()
    except FlagStoreUnavailable as error:
        sys.exit(f"heartwise flags: {error}")
    if args.flags_command == "list":
        print(f"{'FLAG':<22} {'RULE':<44} {'UPDATED (UTC)':<20} BY")
        for name in [*KNOWN_FLAGS, *sorted(set(current) - set(KNOWN_FLAGS))]:
            flag = current.get(name)
            if flag is None:
                print(f"{name:<22} {'code default: ' + ('on' if KNOWN_FLAGS[name] else 'off'):<44} {'-':<20} -")
                continue
            updated = datetime.fromtimestamp(flag.updated_at / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")
            rule = describe(flag) + ("" if name in KNOWN_FLAGS else " [unknown to this release]")
            print(f"{name:<22} {rule:<44} {updated:<20} {flag.updated_by}")
        return
    by = _operator(args)
    try:
        if args.flags_command == "set":
            cohorts = None if args.cohorts is None else [c.strip() for c in args.cohorts.split(",") if c.strip()]
            change = plan_change(current.get(args.name), args.name, by=by, now_ms=clock_ms(), enabled=args.enabled,
                                 percent=args.percent, cohorts=cohorts, description=args.description)
        else:
            change = plan_stage(current.get(args.name), args.name, args.stage, by=by, now_ms=clock_ms())
    except (KeyError, ValueError) as error:
        sys.exit(f"heartwise flags: {error.args[0] if error.args else error}")
    before = describe(change.before) if change.before else "code default"
    if not change.changed:
        print(f"{args.name}: unchanged ({describe(change.after)})")
        return
    try:
        publish_change(change)
    except KafkaException as error:
        sys.exit(f"heartwise flags: nothing changed, the broker refused the transaction: {error}")
    print(f"{args.name}: {before} -> {describe(change.after)}  (audit.v1 flag.changed by {change.actor})")


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

    flags = commands.add_parser("flags", help="feature flags of the phased rollout (flags.v1), changed at runtime")
    flags_commands = flags.add_subparsers(dest="flags_command", required=True)
    flags_set = flags_commands.add_parser("set", help="change a flag; options left out keep their value")
    flags_set.add_argument("name", help="flag name, e.g. llm_orchestrator, nudge.step_goal, guards.v2")
    switch = flags_set.add_mutually_exclusive_group()
    switch.add_argument("--enable", dest="enabled", action="store_const", const=True, default=None,
                        help="lift the kill switch (cohorts and percent decide again)")
    switch.add_argument("--disable", dest="enabled", action="store_const", const=False,
                        help="kill switch: off for every user, cohorts and percent kept")
    flags_set.add_argument("--percent", type=_percent, default=None, help="share of all users, 0..100")
    flags_set.add_argument("--cohorts", default=None, metavar="internal,beta",
                           help='cohorts that always get the flag; "" for none')
    flags_set.add_argument("--description", default=None, help="what the flag gates or why it changed")
    flags_set.add_argument("--by", default=None, metavar="OPERATOR", help="operator id for the audit (default: $USER)")
    flags_set.set_defaults(func=_flags)
    flags_list = flags_commands.add_parser("list", help="every known flag and its current rule")
    flags_list.set_defaults(func=_flags)
    flags_rollout = flags_commands.add_parser(
        "rollout", help="move a flag to a launch stage: internal -> beta (1,000 users) -> 10 -> 100 (%%)")
    flags_rollout.add_argument("name", help="flag name")
    flags_rollout.add_argument("--stage", required=True, choices=["internal", "beta", "10", "100"])
    flags_rollout.add_argument("--by", default=None, metavar="OPERATOR",
                               help="operator id for the audit (default: $USER)")
    flags_rollout.set_defaults(func=_flags)

    demo = commands.add_parser("demo", help="stack + services + simulated devices + a chat, printed")
    demo.add_argument("action", nargs="?", choices=["run", "stop"], default="run")
    demo.add_argument("--users", type=int, default=300, help="simulated users (plus the scripted scenarios)")
    demo.add_argument("--days", type=int, default=3,
                      help="days of history each ordinary device sends (scripted users get what their scenario needs)")
    demo.add_argument("--no-wait", action="store_true", help="print the summary and stop everything")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
