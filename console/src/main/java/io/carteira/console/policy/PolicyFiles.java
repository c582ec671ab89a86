package io.carteira.console.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carteira.schemas.PolicyDocument;
import java.time.Instant;

/**
 * A policy file's text (YAML or JSON: {@code segment}, {@code version}, {@code policy}) made into
 * the document the job reads, the same way for {@code carteira policy push} and the console's
 * upload form.
 */
public final class PolicyFiles {

  private PolicyFiles() {}

  /** A file that is not a policy document at all (not YAML or JSON, or without its keys). */
  public static final class Unreadable extends RuntimeException {
    public Unreadable(String message) {
      super(message);
    }
  }

  /**
   * The document in {@code text}, published by {@code publishedBy} unless the file names its own
   * {@code published_by}. YAML when {@code yaml}, else JSON.
   *
   * @throws Unreadable when the text is not YAML or JSON, or lacks its segment or version
   */
  public static PolicyDocument parse(String text, boolean yaml, String publishedBy) {
    JsonNode root;
    try {
      ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Unreadable(
          (yaml ? "not YAML: " : "not JSON: ")
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null
        || !root.isObject()
        || !root.hasNonNull("segment")
        || !root.path("version").canConvertToLong()) {
      throw new Unreadable("a policy file must hold `segment`, `version` and `policy`");
    }
    JsonNode body = root.has("policy") ? root.get("policy") : new ObjectMapper().createObjectNode();
    return PolicyDocument.newBuilder()
        .setSegment(root.get("segment").asText())
        .setVersion(root.get("version").asLong())
        .setPublishedAt(Instant.now())
        .setPublishedBy(root.path("published_by").asText(publishedBy))
        .setBody(body.toString())
        .build();
  }

  /** Whether a file of this name is read as YAML (.yaml, .yml) rather than JSON. */
  public static boolean isYaml(String fileName) {
    String name = fileName.toLowerCase();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }
}
