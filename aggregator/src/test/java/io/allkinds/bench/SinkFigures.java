package io.allkinds.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One row of the sink benchmark: a mode on a store at an offered rate, the writer's figures alone
 * ({@code baseline}) and with the sink delivering ({@code withSink}), what the receiver got, the
 * rate at which the sink drained a backlog, its retries, and where the run's time went.
 */
record SinkFigures(
    String store,
    String mode,
    double offered,
    PacedChanges.Written baseline,
    PacedChanges.Written withSink,
    SinkReceiver.Arrivals arrivals,
    double drainRate,
    double keptUpSeconds,
    double retries,
    String profile) {

  private static final String HEAD =
      "%-10s %-7s %7s %7s %7s %5s %9s %4s %7s %8s %6s %7s %7s %7s %7s %7s %7s %8s %8s%n";

  /** Seconds from the last commit to the last event's arrival. */
  double finalLagSeconds() {
    long[] arrived = arrivals.arrivalNanos();
    return (arrived[arrived.length - 1] - withSink.lastCommitNanos()) / 1e9;
  }

  /** Whether everything arrived within {@code keptUpSeconds} of the last commit. */
  boolean keptUp() {
    return finalLagSeconds() <= keptUpSeconds;
  }

  /**
   * The {@code q} quantile of the sink's own part of the lag, in milliseconds: from the commit that
   * stored a change (as the writer's commit signal told) to its event's arrival.
   */
  double fromCommitMs(double q) {
    long[] ids = arrivals.ids();
    long[] micros = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      int change = (int) (ids[i] - withSink.firstSeq() - 1);
      micros[i] = (arrivals.arrivalNanos()[i] - withSink.committedNanos()[change]) / 1_000;
    }
    Arrays.sort(micros);
    int i = (int) Math.min(micros.length - 1, Math.ceil(q * micros.length) - 1);
    return micros[Math.max(0, i)] / 1e3;
  }

  /** The table of {@code rows}, with a header and a legend, then each run's profile. */
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
            "final",
            "requests",
            "ev/req",
            "lag p50",
            "lag p99",
            "lag max",
            "sink 50",
            "sink 99",
            "drain",
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
            "s",
            "",
            "",
            "ms",
            "ms",
            "ms",
            "ms",
            "ms",
            "/s",
            "ms",
            "ms"));
    for (SinkFigures r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-10s %-7s %7.0f %7.0f %7.0f %5.2f %9.0f %4s %7.2f %8d %6.1f %7.0f %7.0f %7.0f"
                  + " %7.0f %7.0f %7.0f %8.0f %8.0f%n",
              r.store,
              r.mode,
              r.offered,
              r.withSink.rate(),
              r.baseline.rate(),
              r.withSink.rate() / r.baseline.rate(),
              r.arrivals.rate(),
              r.keptUp() ? "yes" : "NO",
              r.finalLagSeconds(),
              r.arrivals.requests(),
              (double) r.arrivals.events() / r.arrivals.requests(),
              r.arrivals.lagMs(0.5),
              r.arrivals.lagMs(0.99),
              r.arrivals.lagMs(1.0),
              r.fromCommitMs(0.5),
              r.fromCommitMs(0.99),
              r.drainRate,
              r.withSink.commitMs(0.99),
              r.baseline.commitMs(0.99)));
    }
    out.append(
        "written: the store's write rate with the sink delivering; base wr: the writer alone at the"
            + " same offered rate; ratio = written / base wr.\n"
            + "delivered: events/s from the first arrival to the last; final: last arrival minus"
            + " last commit; kept up: final <= "
            + rows.get(0).keptUpSeconds
            + " s.\n"
            + "lag: arrival minus the event's store time (ce-time / time); sink 50/99: arrival"
            + " minus the commit that stored the change (the sink's own part).\n"
            + "drain: events/s the sink delivered from N changes stored before it started (its"
            + " capacity); commit99 / base c99: p99 from submit to commit, with / without the"
            + " sink.\n");
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
