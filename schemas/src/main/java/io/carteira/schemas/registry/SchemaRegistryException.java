package io.carteira.schemas.registry;

/**
 * An error answered by a schema registry, carrying Confluent's {@code error_code} (e.g. 40401
 * subject not found, 40403 schema not found, 409 incompatible schema, 42201 invalid schema), or a
 * failure to reach it.
 */
public class SchemaRegistryException extends RuntimeException {

  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int STORE_ERROR = 50001;
  public static final int UNREACHABLE = -1;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
    this.errorCode = UNREACHABLE;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorCode() {
    return errorCode;
  }

  /** True when trying again later may succeed: the registry is unreachable or answered 5xx. */
  public boolean isTransient() {
    return errorCode == UNREACHABLE || httpStatus >= 500;
  }

  /** True when the registry says the id, subject or version does not exist. */
  public boolean isNotFound() {
    return httpStatus == 404;
  }
}
