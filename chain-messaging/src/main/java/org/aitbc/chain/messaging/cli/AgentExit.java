package org.aitbc.chain.messaging.cli;

/**
 * Exit codes of the {@code agent} commands beyond the wallet's {@link org.aitbc.chain.wallet.cli.ExitCode}
 * (which they share: 0 ok, 1 usage, 2 wrong password, 3 not found, 4 bad address, 5 node unreachable,
 * 6 refused, 7 timeout, ...). Numbered from 20 so that the wallet's list can grow.
 */
public enum AgentExit {
  /** A message could not be decrypted with the wallet's key (the tx hash is on stderr). */
  DECRYPT_FAILED(20),
  /** {@code agent task}: the agent answered that the task failed. */
  TASK_FAILED(21),
  /** {@code --encrypt}: the node does not know the recipient's key; give --recipient-key. */
  NO_RECIPIENT_KEY(22);

  private final int code;

  AgentExit(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
