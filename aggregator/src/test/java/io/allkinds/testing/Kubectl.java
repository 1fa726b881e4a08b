package io.allkinds.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

  /** Runs {@code kubectl args...}; fails when it does not end within 30 s. */
  public Result run(String... args) {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.add("--cache-dir=" + home.resolve("kube-cache"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HOME", home.toString());
    pb.environment().remove("KUBECONFIG");
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
