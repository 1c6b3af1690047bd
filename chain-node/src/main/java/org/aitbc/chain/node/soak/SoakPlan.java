package org.aitbc.chain.node.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The schedule of a soak run, a pure function of its seed: which node each cycle kills, in which way, and
 * when. The kinds of each role rotate from a seeded start, so any three cycles of a role cover all its kinds;
 * the moments are drawn from the same seeded generator. The same seed gives the same plan; the operating
 * system's timing around each moment is not the plan's.
 */
public record SoakPlan(long seed, List<Cycle> cycles) {

  public enum Role {
    AUTHORITY, FOLLOWER;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum Kind {
    /** kill -9 after {@code waitMs} of steady load. */
    STEADY,
    /** authority: after a new head is seen, wait about one block interval and kill -9 as the next block is sealed. */
    MID_SEAL,
    /** kill -9, start again, kill -9 again {@code secondKillMs} after that start (start-up, store recovery), restart. */
    STARTUP,
    /**
     * follower: kill -9, let the authority seal {@code lagBlocks} more blocks, start the follower, kill -9 it
     * {@code secondKillMs} after its API first answers (while it catches up), restart.
     */
    MID_SYNC;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** One cycle; fields a kind does not use are 0. */
  public record Cycle(int index, Role role, Kind kind, long waitMs, long secondKillMs, int lagBlocks) {
    /** "cycle 3/100 authority mid-seal, at the next seal (4 ms before it)": the line a run prints for it. */
    public String title(int total) {
      return "cycle " + index + "/" + total + " " + role.label() + " " + kind.label() + ", " + describe();
    }

    public String describe() {
      return switch (kind) {
        case STEADY -> "after " + waitMs + " ms of load";
        case MID_SEAL -> "at the next seal (" + secondKillMs + " ms before it)";
        case STARTUP -> "after " + waitMs + " ms, again " + secondKillMs + " ms into its start";
        case MID_SYNC -> lagBlocks + " blocks behind, " + secondKillMs + " ms after its API answers";
      };
    }
  }

  static final List<Kind> AUTHORITY_KINDS = List.of(Kind.STEADY, Kind.MID_SEAL, Kind.STARTUP);
  static final List<Kind> FOLLOWER_KINDS = List.of(Kind.STEADY, Kind.MID_SYNC, Kind.STARTUP);

  public SoakPlan {
    cycles = List.copyOf(cycles);
  }

  /**
   * {@code cycles} cycles for {@code roles} (both: authority and follower take turns, authority first);
   * a mid-sync lag is drawn from [maxLagBlocks / 2, maxLagBlocks].
   */
  public static SoakPlan of(long seed, int cycles, List<Role> roles, int maxLagBlocks) {
    if (cycles < 1) throw new IllegalArgumentException("--cycles must be at least 1");
    if (roles.isEmpty()) throw new IllegalArgumentException("at least one role");
    if (maxLagBlocks < 2) throw new IllegalArgumentException("--sync-lag-blocks must be at least 2");
    Random rnd = new Random(seed);
    int authorityAt = rnd.nextInt(AUTHORITY_KINDS.size());
    int followerAt = rnd.nextInt(FOLLOWER_KINDS.size());
    List<Cycle> out = new ArrayList<>();
    for (int i = 1; i <= cycles; i++) {
      Role role = roles.get((i - 1) % roles.size());
      Kind kind = role == Role.AUTHORITY ? AUTHORITY_KINDS.get(authorityAt++ % AUTHORITY_KINDS.size())
          : FOLLOWER_KINDS.get(followerAt++ % FOLLOWER_KINDS.size());
      long wait = 300 + rnd.nextInt(2_700);
      out.add(switch (kind) {
        case STEADY -> new Cycle(i, role, kind, wait, 0, 0);
        case MID_SEAL -> new Cycle(i, role, kind, 0, rnd.nextInt(15), 0);
        case STARTUP -> new Cycle(i, role, kind, wait, rnd.nextInt(2_500), 0);
        case MID_SYNC -> new Cycle(i, role, kind, 0, rnd.nextInt(400), maxLagBlocks / 2 + rnd.nextInt(maxLagBlocks / 2 + 1));
      });
    }
    return new SoakPlan(seed, out);
  }
}
