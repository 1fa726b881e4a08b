package io.allkinds.cluster;

import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.Timestamps;
import io.allkinds.store.BodyCodec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an object read from a cluster into what the store keeps: Secret values removed (their key
 * names kept), the configured redaction rules applied, managedFields dropped unless configured
 * otherwise, JSON compressed.
 */
final class ObjectEncoder {

  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final KubernetesSerialization json;
  private final BodyCodec codec;
  private final boolean dropManagedFields;
  private final Redactor redactor;

  ObjectEncoder(
      KubernetesSerialization json, BodyCodec codec, boolean dropManagedFields, Redactor redactor) {
    this.json = json;
    this.codec = codec;
    this.dropManagedFields = dropManagedFields;
    this.redactor = redactor;
  }

  ObservedObject encode(ResourceType type, GenericKubernetesResource resource) {
    ObjectMeta meta = resource.getMetadata();
    if (dropManagedFields) {
      meta.setManagedFields(null);
    }
    if (isSecret(type)) {
      redactSecret(resource);
    }
    Redactor.Redacted redacted = redactor.redact(type, json.asJson(resource));
    Map<String, String> labels =
        redacted.labels() != null
            ? redacted.labels()
            : meta.getLabels() == null ? Map.of() : meta.getLabels();
    byte[] body = redacted.json().getBytes(StandardCharsets.UTF_8);
    return new ObservedObject(
        meta.getNamespace() == null ? "" : meta.getNamespace(),
        meta.getName(),
        meta.getUid() == null ? "" : meta.getUid(),
        meta.getResourceVersion() == null ? "" : meta.getResourceVersion(),
        labels,
        Timestamps.parseOrNull(meta.getCreationTimestamp()),
        codec.encode(body));
  }

  static boolean isSecret(ResourceType type) {
    return type.group().isEmpty() && "secrets".equals(type.resource());
  }

  /**
   * Keeps the names of a Secret's keys and nulls their values. The last-applied annotation goes
   * too: kubectl apply copies the whole Secret, values included, into it.
   */
  private static void redactSecret(GenericKubernetesResource secret) {
    Map<String, Object> props = secret.getAdditionalProperties();
    for (String field : new String[] {"data", "stringData"}) {
      Object value = props.get(field);
      if (value instanceof Map<?, ?> map) {
        Map<String, Object> keysOnly = new LinkedHashMap<>();
        map.keySet().forEach(k -> keysOnly.put(String.valueOf(k), null));
        props.put(field, keysOnly);
      } else if (value != null) {
        props.remove(field);
      }
    }
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      Map<String, String> copy = new LinkedHashMap<>(annotations);
      copy.remove(LAST_APPLIED);
      secret.getMetadata().setAnnotations(copy);
    }
  }
}
