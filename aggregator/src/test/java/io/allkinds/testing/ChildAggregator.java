package io.allkinds.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real aggregator in a separate JVM, so that a test can kill it with SIGKILL. */
public final class ChildAggregator implements AutoCloseable {

  private final Process process;
  private final Api api;
  private final Path log;

  private ChildAggregator(Process process, int port, Path log) {
    this.process = process;
    this.api = new Api(port);
    this.log = log;
  }

  /**
   * Starts {@code Main --config file --port P} with this test JVM's classpath and waits for
   * /healthz.
   */
  public static ChildAggregator start(Path config, Path log)
      throws IOException, InterruptedException {
    return start(config, log, List.of("-Xmx512m"));
  }

  /** The same with a maximum heap of {@code heap} ({@code -Xmx}), e.g. {@code 256m}. */
  public static ChildAggregator start(Path config, Path log, String heap)
      throws IOException, InterruptedException {
    return start(config, log, List.of("-Xmx" + heap));
  }

  /** As {@link #start(Path, Path)}, with these JVM options (a heap limit, for example). */
  public static ChildAggregator start(Path config, Path log, List<String> jvmOptions)
      throws IOException, InterruptedException {
    return start(config, log, jvmOptions, List.of());
  }

  /**
   * As {@link #start(Path, Path, List)}, with the {@code java} command line appended to {@code
   * wrapper} (a shell that raises a limit, say); the wrapper must {@code exec} it, so that {@link
   * #pid()} is the JVM's.
   */
  public static ChildAggregator start(
      Path config, Path log, List<String> jvmOptions, List<String> wrapper)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(wrapper);
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.allkinds.app.Main",
            "--config",
            config.toString(),
            "--port",
            String.valueOf(port)));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    ChildAggregator child = new ChildAggregator(p, port, log);
    try {
      Api.await(
          "child aggregator serving",
          Duration.ofMinutes(2), // a JVM start on a busy 2-core machine
          () -> {
            if (!p.isAlive()) {
              throw new IllegalStateException("the aggregator exited: " + child.logText());
            }
            return child.api.get("/healthz").status();
          },
          s -> s == 200);
    } catch (RuntimeException | AssertionError e) {
      child.close();
      throw e;
    }
    return child;
  }

  /** The process id, to look at its threads, descriptors and sockets in /proc. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process is still running. */
  public boolean alive() {
    return process.isAlive();
  }

  public Api api() {
    return api;
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
