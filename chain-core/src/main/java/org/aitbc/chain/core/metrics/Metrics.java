package org.aitbc.chain.core.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * A small Prometheus registry: counters (optionally with one label), gauges read at scrape time, and
 * the text exposition format. Thread-safe; counters are {@link LongAdder}s so hot paths do not contend.
 */
public final class Metrics {
  private record Family(String type, String help, Map<String, LongAdder> byLabel, DoubleSupplier gauge, String label) {}

  private final Map<String, Family> families = new ConcurrentSkipListMap<>();

  /** A counter; {@code label} names its one label (null for none). */
  public void counter(String name, String help, String label) {
    families.putIfAbsent(name, new Family("counter", help, new ConcurrentHashMap<>(), null, label));
  }

  public void inc(String name, String labelValue) {
    add(name, labelValue, 1);
  }

  public void add(String name, String labelValue, long n) {
    Family f = families.get(name);
    if (f == null || f.byLabel() == null) throw new IllegalArgumentException("no counter " + name);
    f.byLabel().computeIfAbsent(labelValue == null ? "" : labelValue, k -> new LongAdder()).add(n);
  }

  public long count(String name, String labelValue) {
    Family f = families.get(name);
    LongAdder a = f == null ? null : f.byLabel().get(labelValue == null ? "" : labelValue);
    return a == null ? 0 : a.sum();
  }

  public void gauge(String name, String help, DoubleSupplier value) {
    families.put(name, new Family("gauge", help, null, value, null));
  }

  /** A counter whose value is read at scrape time from a monotonic source. */
  public void counterFn(String name, String help, DoubleSupplier value) {
    families.put(name, new Family("counter", help, null, value, null));
  }

  public String render() {
    StringBuilder sb = new StringBuilder(4096);
    families.forEach((name, f) -> {
      sb.append("# HELP ").append(name).append(' ').append(f.help()).append('\n');
      sb.append("# TYPE ").append(name).append(' ').append(f.type()).append('\n');
      if (f.gauge() != null) {
        sb.append(name).append(' ').append(format(f.gauge().getAsDouble())).append('\n');
      } else if (f.label() == null) {
        LongAdder a = f.byLabel().get("");
        sb.append(name).append(' ').append(a == null ? 0 : a.sum()).append('\n');
      } else {
        new java.util.TreeMap<>(f.byLabel()).forEach((lv, a) -> sb.append(name).append('{').append(f.label())
            .append("=\"").append(lv.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"} ").append(a.sum()).append('\n'));
      }
    });
    return sb.toString();
  }

  private static String format(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
