"""The ``kakehashi`` command: createuser and seed-demo against the test database."""

from __future__ import annotations

import pytest

from kakehashi.cli import build_parser


def test_subcommands_named_by_the_issue_exist() -> None:
    parser = build_parser()
    for argv in (
        ["migrate"], ["seed-demo"], ["serve", "--host", "0.0.0.0", "--port", "9000"],
        ["createuser", "--email", "a@b.jp", "--password", "x" * 12, "--role", "group",
         "--org", "会"],
        ["import", "groups", "f.csv"], ["export", "needs"],
    ):
        assert parser.parse_args(argv).command == argv[0]


def test_unknown_role_is_refused() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(
            ["createuser", "--email", "a@b.jp", "--password", "x", "--role", "mayor"]
        )
