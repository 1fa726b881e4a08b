package io.allkinds.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the real kubectl against a kubeconfig, with its discovery cache and home in a folder of the
 * test's, and hands back its exit code and output.
 */
public final class Kubectl {

  private static final long TIMEOUT_SECONDS = 30;

  private final Path binary;
  private final Path kubeconfig;
  private final Path home;

  public Kubectl(Path binary, Path kubeconfig, Path home) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.home = home;
  }

  /** What one kubectl run printed and how it ended. */
  public record Result(int exit, String out, String err) {
    /** The output's lines, without blank ones. */
    public List<String> lines() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** A kubeconfig with one context per server URL, each with the bearer token (if not null). */
  public static Path kubeconfig(
      Path file, String token, List<String> contexts, List<String> servers) throws IOException {
    StringBuilder clusters = new StringBuilder();
    StringBuilder ctx = new StringBuilder();
    for (int i = 0; i < contexts.size(); i++) {
      clusters.append(
          "- name: %s\n  cluster:\n    server: %s\n".formatted(contexts.get(i), servers.get(i)));
      ctx.append(
          "- name: %s\n  context:\n    cluster: %s\n    user: reader\n"
              .formatted(contexts.get(i), contexts.get(i)));
    }
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        %susers:
        - name: reader
          user:
        %scontexts:
        %scurrent-context: %s
        """
            .formatted(
                clusters,
                token == null ? "    {}\n" : "    token: " + token + "\n",
                ctx,
                contexts.get(0));
    Files.writeString(file, yaml);
    return file;
  }

  /**
   * A kubectl that runs on (such as {@code get -w}), its output in a file read as it grows; closing
   * it stops that process, by its handle.
   */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private Running(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /** The lines printed so far, without blank ones. */
    public List<String> lines() {
      try {
        return Files.readString(out, StandardCharsets.UTF_8)
            .lines()
            .filter(l -> !l.isBlank())
            .toList();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Waits until a printed line passes {@code test}; fails after {@code timeout}. */
    public String awaitLine(String what, Duration timeout, Predicate<String> test) {
      try {
        return Api.await(what, timeout, this::lines, ls -> ls.stream().anyMatch(test)).stream()
            .filter(test)
            .findFirst()
            .orElseThrow();
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; kubectl's stderr: " + stderr(), e);
      }
    }

    /** What kubectl wrote to stderr so far. */
    public String stderr() {
      try {
        return Files.readString(err, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Starts {@code kubectl args...} that runs until closed, such as {@code get -w}. */
  public Running start(String... args) {
    try {
      Path out = Files.createTempFile(home, "kubectl-out", ".txt");
      Path err = Files.createTempFile(home, "kubectl-err", ".txt");
      Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      return new Running(p, out, err);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kubectl: " + e, e);
    }
  }

  private ProcessBuilder builder(String... args) {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.add("--cache-dir=" + home.resolve("kube-cache"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HOME", home.toString());
    pb.environment().remove("KUBECONFIG");
    return pb;
  }

  /** Runs {@code kubectl args...}; fails when it does not end within 30 s. */
  public Result run(String... args) {
    ProcessBuilder pb = builder(args);
    try {
      Path out = Files.createTempFile(home, "kubectl-out", ".txt");
      Path err = Files.createTempFile(home, "kubectl-err", ".txt");
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " ran over 30 s");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kubectl: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
