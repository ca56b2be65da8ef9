package io.openclaw.deploy.agent.release;

/**
 * How a loop asks to be stopped, besides the operating system's own way (SIGTERM on POSIX, a console control event on
 * Windows): {@code httpPath} is POSTed on the instance's port on loopback before any signal. Null means no HTTP request,
 * which is the default because a loop has to implement the endpoint for it to mean anything.
 *
 * <p>Why it exists: on Windows the agent cannot send a console control event to a loop whose output is redirected to a
 * file and that has no console (the service case), so without an HTTP request a loop there is always killed.
 */
public record ShutdownRequest(String httpPath) {
    public static final ShutdownRequest NONE = new ShutdownRequest(null);

    public static ShutdownRequest http(String path) {
        return new ShutdownRequest(path);
    }

    public boolean isHttp() {
        return httpPath != null;
    }
}
