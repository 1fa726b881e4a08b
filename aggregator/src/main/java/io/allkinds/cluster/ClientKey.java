package io.allkinds.cluster;

import io.fabric8.kubernetes.api.model.AuthProviderConfig;
import io.fabric8.kubernetes.client.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two clusters' connections interchangeable: the API server's URL and a digest of
 * everything that says who we are to it and how we reach it (CA, client certificate and key, token,
 * user, auth provider, impersonation, proxy, TLS settings). The digest keeps the credentials
 * themselves out of memory maps and logs; {@link #toString} names the server only. The default
 * namespace is not part of it: every request names its namespaces itself.
 *
 * @param server the API server's URL
 * @param credentials a SHA-256 digest of the connection settings and credentials
 */
public record ClientKey(String server, String credentials) {

  /** The key of a client built from {@code config}. */
  public static ClientKey of(Config config) {
    Digest d = new Digest();
    d.add(config.getMasterUrl());
    d.add(config.getCaCertFile());
    d.add(config.getCaCertData());
    d.add(config.getClientCertFile());
    d.add(config.getClientCertData());
    d.add(config.getClientKeyFile());
    d.add(config.getClientKeyData());
    d.add(config.getClientKeyAlgo());
    d.add(config.getClientKeyPassphrase());
    d.add(config.getKeyStoreFile());
    d.add(config.getKeyStorePassphrase());
    d.add(config.getTrustStoreFile());
    d.add(config.getTrustStorePassphrase());
    d.add(String.valueOf(config.isTrustCerts()));
    d.add(String.valueOf(config.isDisableHostnameVerification()));
    d.add(config.getTlsServerName());
    d.add(config.getTlsVersions() == null ? null : Arrays.toString(config.getTlsVersions()));
    d.add(config.getOauthToken());
    d.add(config.getAutoOAuthToken());
    d.add(config.getUsername());
    d.add(config.getPassword());
    AuthProviderConfig provider = config.getAuthProvider();
    d.add(provider == null ? null : provider.getName());
    d.add(provider == null || provider.getConfig() == null ? null : sorted(provider.getConfig()));
    // A token provider is code: only the same instance is the same identity.
    d.add(
        config.getOauthTokenProvider() == null
            ? null
            : config.getOauthTokenProvider().getClass().getName()
                + "@"
                + System.identityHashCode(config.getOauthTokenProvider()));
    d.add(config.getImpersonateUsername());
    d.add(
        config.getImpersonateGroups() == null
            ? null
            : Arrays.toString(config.getImpersonateGroups()));
    d.add(config.getImpersonateExtras() == null ? null : sorted(config.getImpersonateExtras()));
    d.add(config.getHttpProxy());
    d.add(config.getHttpsProxy());
    d.add(config.getNoProxy() == null ? null : Arrays.toString(config.getNoProxy()));
    d.add(config.getProxyUsername());
    d.add(config.getProxyPassword());
    d.add(config.getCustomHeaders() == null ? null : sorted(config.getCustomHeaders()));
    d.add(config.getUserAgent());
    d.add(String.valueOf(config.isHttp2Disable()));
    return new ClientKey(config.getMasterUrl(), d.hex());
  }

  private static String sorted(Map<String, ?> map) {
    return new TreeMap<>(map).toString();
  }

  /** The server only: the digest stands for credentials and stays out of logs. */
  @Override
  public String toString() {
    return server;
  }

  private static final class Digest {
    private final MessageDigest sha;

    Digest() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }

    void add(String value) {
      if (value == null) {
        sha.update((byte) 0);
      } else {
        sha.update((byte) 1);
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        sha.update(
            new byte[] {
              (byte) (b.length >>> 24),
              (byte) (b.length >>> 16),
              (byte) (b.length >>> 8),
              (byte) b.length
            });
        sha.update(b);
      }
    }

    String hex() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }
}
