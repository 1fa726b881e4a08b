package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorsTest {

  @Test
  void credentialsAreScrubbedFromErrorText() {
    String jwt =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXBhcnQ";
    String text =
        Errors.scrub(
            "cannot parse kubeconfig: token: abc123secret, password=hunter2 "
                + "client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBeHl6 "
                + "Authorization: Bearer "
                + jwt
                + " -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- tail");
    for (String secret :
        new String[] {
          "abc123secret", "hunter2", "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVkt", jwt, "MIIE"
        }) {
      assertFalse(text.contains(secret), secret + " left in: " + text);
    }
    assertTrue(text.startsWith("cannot parse kubeconfig: token: ***"), text);
    assertTrue(text.endsWith("tail"), text);
  }

  @Test
  void ordinaryMessagesAreKept() {
    String m =
        "Failure executing: GET at: https://127.0.0.1:6443/apis/apps/v1/deployments. Message: Forbidden:"
            + " customresourcedefinitions.apiextensions.k8s.io is forbidden for user viewer";
    assertEquals(m, Errors.scrub(m));
  }
}
