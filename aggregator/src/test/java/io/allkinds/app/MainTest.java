package io.allkinds.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --config, AllKinds stops at once with one line when there is no kubeconfig to read. */
class MainTest {

  @TempDir Path home;

  @Test
  void noKubeconfigWhenNeitherKubeconfigNorHomeConfigExists() throws Exception {
    assertTrue(Main.noKubeconfig(Map.of("HOME", home.toString())));
    assertTrue(
        Main.noKubeconfig(
            Map.of("HOME", home.toString(), "KUBECONFIG", home.resolve("missing").toString())));

    Path config = Files.createDirectories(home.resolve(".kube")).resolve("config");
    Files.writeString(config, "apiVersion: v1\nkind: Config\n");
    assertFalse(Main.noKubeconfig(Map.of("HOME", home.toString())));
    // An explicit $KUBECONFIG is what counts, as for kubectl.
    assertTrue(
        Main.noKubeconfig(
            Map.of("HOME", home.toString(), "KUBECONFIG", home.resolve("missing").toString())));
    assertFalse(
        Main.noKubeconfig(
            Map.of(
                "HOME",
                home.toString(),
                "KUBECONFIG",
                home.resolve("missing") + File.pathSeparator + config)));
  }
}
