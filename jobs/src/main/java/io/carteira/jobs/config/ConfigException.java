package io.carteira.jobs.config;

/** A configuration error, said in one line to the person who made it. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
