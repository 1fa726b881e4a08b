package io.allkinds.store;

import io.allkinds.model.ObjectDigest;

/**
 * What the writer compares an incoming object with: the parts of its stored row that matter, and
 * the search id that names its label rows, and the digest the next version is compared with (null
 * for rows written before digests were kept), and the seq of its last journal entry.
 */
record StoredRow(
    String uid,
    String resourceVersion,
    boolean deleted,
    long listGeneration,
    String labels,
    long searchId,
    ObjectDigest digest,
    long seq) {

  /** The row once its object was journaled deleted at {@code deletionSeq}. */
  StoredRow asDeleted(long deletionSeq) {
    return new StoredRow(
        uid, resourceVersion, true, listGeneration, labels, searchId, digest, deletionSeq);
  }

  /** Whether the row is live and holds an object with another uid (deleted and re-created). */
  boolean liveWithOtherUid(String otherUid) {
    return !deleted && !uid.equals(otherUid);
  }

  /** Whether the row is live with {@code uid} at {@code resourceVersion} or a newer version. */
  boolean alreadyHas(String uid, String resourceVersion) {
    return !deleted && this.uid.equals(uid) && notNewer(resourceVersion, this.resourceVersion);
  }

  /**
   * Whether {@code incoming} is the stored resourceVersion or an older one. resourceVersions are
   * opaque to clients, but every etcd-backed server issues growing integers; only when both are
   * integers is an older one recognised, otherwise only the same one is.
   */
  static boolean notNewer(String incoming, String stored) {
    if (incoming.equals(stored)) {
      return true;
    }
    if (incoming.length() > 18
        || stored.length() > 18
        || incoming.isEmpty()
        || stored.isEmpty()
        || !incoming.chars().allMatch(Character::isDigit)
        || !stored.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return Long.parseLong(incoming) <= Long.parseLong(stored);
  }
}
