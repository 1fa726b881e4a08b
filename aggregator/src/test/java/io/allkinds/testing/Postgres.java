package io.allkinds.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from Debian's packages, in a temporary data directory on a loopback
 * port: {@code initdb} and {@code pg_ctl} run as an unprivileged user (the package's {@code
 * postgres} user when the tests run as root), and {@link #close()} stops it and deletes it.
 */
public final class Postgres implements AutoCloseable {

  public static final String USER = "allkinds";

  /** Who runs the server when the tests run as root: the package's postgres user, else nobody. */
  private static final String SERVICE_USER = userExists("postgres") ? "postgres" : "nobody";

  private final Path dir;
  private final Path bin;
  private final int port;
  private final String password = "pw-" + UUID.randomUUID();
  private boolean running;

  private Postgres(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  /**
   * initdb (password authentication only) and start on a free loopback port; returns once it
   * accepts connections.
   */
  public static Postgres start() throws Exception {
    Path bin = TestBinaries.postgresBin();
    Path dir = Files.createTempDirectory("allkinds-postgres-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Postgres pg = new Postgres(dir, bin, port);
    try {
      pg.initAndStart();
      return pg;
    } catch (Exception e) {
      pg.close();
      throw e;
    }
  }

  private void initAndStart() throws Exception {
    Files.writeString(dir.resolve("pwfile"), password + "\n");
    if (isRoot()) {
      // PostgreSQL refuses to run as root; the package's system user owns the data instead.
      run(List.of("chown", "-R", SERVICE_USER + ":", dir.toString()), false);
      run(List.of("chmod", "755", dir.toString()), false);
    }
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-U",
            USER,
            "--pwfile=" + dir.resolve("pwfile"),
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8"),
        true);
    startServer();
  }

  /** pg_ctl start on this server's port; returns once it accepts connections. */
  public void startServer() throws IOException, InterruptedException {
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-l",
            dir.resolve("postgres.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + port
                + " -k "
                + dir
                + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start"),
        true);
    running = true;
  }

  /** pg_ctl stop -m fast: every connection is cut, as when a database server goes down. */
  public void stopServer() throws IOException, InterruptedException {
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-m",
            "fast",
            "-w",
            "stop"),
        true);
    running = false;
  }

  /** A fresh, empty database on this server; returns its JDBC URL. */
  public String createDatabase(String prefix) throws SQLException {
    String name =
        (prefix + "_" + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(java.util.Locale.ROOT)
            .replace('-', '_');
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, password);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  /**
   * The CPU time this server's processes (the postmaster and its backends, from {@code /proc}) have
   * used so far, for benchmarks; 0 where {@code /proc} is not there. Clock ticks of 10 ms.
   */
  public long serverCpuNanos() throws IOException {
    Path pidFile = dir.resolve("data").resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return 0;
    }
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    long ticks = 0;
    List<ProcessHandle> processes = new ArrayList<>();
    ProcessHandle.of(pid)
        .ifPresent(
            postmaster -> {
              processes.add(postmaster);
              postmaster.descendants().forEach(processes::add);
            });
    for (ProcessHandle h : processes) {
      Path stat = Path.of("/proc", Long.toString(h.pid()), "stat");
      try {
        String text = Files.readString(stat);
        // Fields after the command (which may hold spaces): state is the 3rd, utime the 14th.
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ", -1);
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException gone) {
        // a backend that ended between the listing and the read
      }
    }
    return ticks * 10_000_000L;
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return password;
  }

  /** The YAML store block for an aggregator configuration pointing at {@code url}. */
  public String storeYaml(String url) {
    return "store:\n  url: " + url + "\n  user: " + USER + "\n  password: " + password + "\n";
  }

  public String logText() {
    try {
      return Files.readString(dir.resolve("postgres.log"));
    } catch (IOException e) {
      return "";
    }
  }

  /** pg_ctl stop (immediate), then deletes the data directory: nothing is left running. */
  @Override
  public synchronized void close() throws Exception {
    try {
      if (running) {
        run(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-m",
                "immediate",
                "-w",
                "stop"),
            true);
        running = false;
      }
    } finally {
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static boolean userExists(String name) {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream()
          .anyMatch(l -> l.startsWith(name + ":"));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private void run(List<String> command, boolean unprivileged)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (unprivileged && isRoot()) {
      full.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", full) + " failed: " + out + "\n" + logText());
    }
  }
}
