package io.openclaw.deploy.agent.config;

/** A configuration file that cannot be used; the message names the key and the line. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
