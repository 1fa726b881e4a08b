package io.allkinds.bench;

import java.util.List;
import java.util.Locale;

/**
 * One row of the sink benchmark: a mode on a store at an offered rate, the writer's figures alone
 * ({@code baseline}) and with the sink delivering ({@code withSink}), what the receiver got, how
 * long after the last commit the last event arrived, the sink's retries, and where the run's time
 * went.
 */
record SinkFigures(
    String store,
    String mode,
    double offered,
    PacedChanges.Written baseline,
    PacedChanges.Written withSink,
    SinkReceiver.Arrivals arrivals,
    double finalLagSeconds,
    double keptUpSeconds,
    double retries,
    String profile) {

  /** Whether everything arrived within {@code keptUpSeconds} of the last commit. */
  boolean keptUp() {
    return finalLagSeconds <= keptUpSeconds;
  }

  private static final String HEAD =
      "%-10s %-8s %8s %9s %9s %6s %9s %5s %8s %7s %6s %8s %8s %8s %9s %9s%n";

  /** The table of {@code rows}, with a header, then each run's busiest threads. */
  static String table(List<SinkFigures> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            HEAD,
            "store",
            "mode",
            "offered",
            "written",
            "base wr",
            "ratio",
            "delivered",
            "kept",
            "final s",
            "requests",
            "ev/req",
            "lag p50",
            "lag p99",
            "lag max",
            "commit99",
            "base c99"));
    out.append(
        String.format(
            Locale.ROOT,
            HEAD,
            "",
            "",
            "/s",
            "/s",
            "/s",
            "",
            "/s",
            "up",
            "",
            "",
            "",
            "ms",
            "ms",
            "ms",
            "ms",
            "ms"));
    for (SinkFigures r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-10s %-8s %8.0f %9.0f %9.0f %6.2f %9.0f %5s %8.2f %7d %6.1f %8.1f %8.1f %8.1f %9s %9s%n",
              r.store,
              r.mode,
              r.offered,
              r.withSink.rate(),
              r.baseline.rate(),
              r.withSink.rate() / r.baseline.rate(),
              r.arrivals.rate(),
              r.keptUp() ? "yes" : "NO",
              r.finalLagSeconds,
              r.arrivals.requests(),
              (double) r.arrivals.events() / r.arrivals.requests(),
              r.arrivals.lagMs(0.5),
              r.arrivals.lagMs(0.99),
              r.arrivals.lagMs(1.0),
              String.format(Locale.ROOT, "%.1f", r.withSink.commitMs(0.99)),
              String.format(Locale.ROOT, "%.1f", r.baseline.commitMs(0.99))));
    }
    out.append(
        "written: store write rate with the sink; base wr: the writer alone at the same offered"
            + " rate; ratio = written / base wr.\n"
            + "delivered: events/s from the first arrival to the last; final s: last arrival minus"
            + " last commit; kept up: final s <= "
            + rows.get(0).keptUpSeconds
            + " s.\n"
            + "lag: arrival minus the event's store time (ce-time / time); commit99: p99 from"
            + " submit to commit with the sink; base c99: the same without.\n");
    for (SinkFigures r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s %s: retries %.0f, %.1f MB of bodies received; %s%n",
              r.store,
              r.mode,
              r.retries,
              r.arrivals.bodyBytes() / 1e6,
              r.profile));
    }
    return out.toString();
  }
}
