package io.allkinds.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code allkinds kubeconfig} prints a kubeconfig kubectl reads, with a context per cluster. */
class KubeconfigCommandTest {

  @TempDir Path dir;

  private Path config;

  @BeforeEach
  void writeConfig() throws Exception {
    Files.writeString(dir.resolve("kc.yaml"), "apiVersion: v1\nkind: Config\n");
    config = dir.resolve("allkinds.yaml");
    Files.writeString(
        config,
        """
        clusters:
          - name: prod-eu
            kubeconfig: kc.yaml
          - name: staging
            kubeconfig: kc.yaml
        http:
          host: 0.0.0.0
          port: 9191
          allowUnauthenticated: true
        """);
  }

  @Test
  void aContextPerClusterAndOneForTheFleetOnTheConfiguredPort() throws Exception {
    Run run = run(Map.of(), "--config", config.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("/at/"), "the header tells of /at/<instant>: " + run.out());
    JsonNode k = new ObjectMapper(new YAMLFactory()).readTree(run.out());
    assertEquals("Config", k.path("kind").asText());
    assertEquals("prod-eu", k.path("current-context").asText());
    assertEquals(List.of("prod-eu", "staging", "fleet"), names(k.path("contexts")));
    assertEquals(
        List.of(
            "http://localhost:9191/k8s/clusters/prod-eu",
            "http://localhost:9191/k8s/clusters/staging",
            "http://localhost:9191/k8s/fleet"),
        servers(k));
    JsonNode staging = k.path("contexts").get(1).path("context");
    assertEquals("staging", staging.path("cluster").asText());
    assertEquals(KubeconfigCommand.USER, staging.path("user").asText());
    JsonNode user = k.path("users").get(0);
    assertEquals(KubeconfigCommand.USER, user.path("name").asText());
    assertFalse(user.path("user").has("token"), "no token without --token-env");
  }

  @Test
  void serverAndTokenFromTheCommandLine() throws Exception {
    Run run =
        run(
            Map.of("AK_TOKEN", "s3cret"),
            "--config",
            config.toString(),
            "--server",
            "https://allkinds.example/",
            "--token-env",
            "AK_TOKEN");
    assertEquals(0, run.exit(), run.err());
    JsonNode k = new ObjectMapper(new YAMLFactory()).readTree(run.out());
    assertEquals("https://allkinds.example/k8s/clusters/prod-eu", servers(k).get(0));
    assertEquals("s3cret", k.path("users").get(0).path("user").path("token").asText());
  }

  @Test
  void aMissingTokenVariableIsAnError() {
    Run run = run(Map.of(), "--config", config.toString(), "--token-env", "AK_TOKEN");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("AK_TOKEN"), run.err());
    assertEquals("", run.out());
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new KubeconfigCommand(env));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }

  private static List<String> servers(JsonNode k) {
    List<String> out = new ArrayList<>();
    k.path("clusters").forEach(n -> out.add(n.path("cluster").path("server").asText()));
    return out;
  }
}
