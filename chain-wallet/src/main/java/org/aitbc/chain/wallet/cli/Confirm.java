package org.aitbc.chain.wallet.cli;

/** Asks a yes/no question on the terminal; without a terminal the answer is no. */
final class Confirm {
  private Confirm() {}

  static void orCancel(CliEnv env, boolean yes, String question, String what) {
    if (yes) return;
    String answer = env.terminal().readLine(question + " [y/N] ");
    if (answer == null) {
      throw new CliFailure(ExitCode.CANCELLED, what + " needs --yes when no terminal can confirm it; nothing was done");
    }
    String a = answer.strip().toLowerCase(java.util.Locale.ROOT);
    if (!a.equals("y") && !a.equals("yes")) throw new CliFailure(ExitCode.CANCELLED, what + " cancelled; nothing was done");
  }
}
