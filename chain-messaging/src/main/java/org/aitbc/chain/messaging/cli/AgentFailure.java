package org.aitbc.chain.messaging.cli;

import org.aitbc.chain.wallet.cli.ExitCode;

/** An agent command that cannot go on: its exit code and the one line for stderr. */
final class AgentFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  AgentFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  AgentFailure(ExitCode code, String message) {
    this(code.code(), message);
  }

  AgentFailure(AgentExit code, String message) {
    this(code.code(), message);
  }

  int exitCode() {
    return exitCode;
  }
}
