"""Exit codes of the `orchestrator` command, and the one-line refusal that carries one.

`orchestrator --help` lists them; README's "Troubleshooting" maps each message to its fix.
"""

from __future__ import annotations

from enum import IntEnum

from orchestrator.errors import OrchestratorError


class ExitCode(IntEnum):
    """What a process's exit status means (the table `orchestrator --help` prints)."""

    OK = 0  # done, or stopped by Ctrl-C / SIGTERM after a graceful shutdown
    FAILED = 1  # the command ran and could not finish: a dlq operation, a missing queue, a dead receive loop
    CONFIGURATION = 2  # bad argument or setting: a value, an endpoint URL, a phone, a missing extra
    UNREACHABLE = 3  # what it needs does not answer or refuses it: AWS endpoint, credentials, the dev stack
    PORT_IN_USE = 4  # the port it should listen on is taken


EXIT_CODES_HELP = "\n".join(
    [
        "exit codes:",
        "  0  done, or stopped by Ctrl-C / SIGTERM after a graceful shutdown",
        "  1  the command ran and failed (a dlq operation, a missing queue: run `orchestrator init`,",
        "     a worker whose receive loop died)",
        "  2  bad argument or setting (the message names it), or a missing extra",
        "  3  AWS (or, for chat, the dev stack) does not answer, or refuses the credentials",
        "  4  the port to listen on is already in use",
    ]
)

# The same, in one line, under each command's --help.
EXIT_CODES_LINE = (
    "exit codes: 0 done, 1 failed while running, 2 bad argument or setting,\n"
    "  3 AWS unreachable or credentials refused, 4 port in use (`orchestrator --help` says more)"
)


class Refusal(OrchestratorError):
    """A command will not start or go on; `str()` is the one line an operator reads (cause and fix).

    The CLI prints `orchestrator <command>: <line>` on stderr and exits with `code`.
    """

    def __init__(self, line: str, code: ExitCode) -> None:
        super().__init__(line)
        self.code = code
