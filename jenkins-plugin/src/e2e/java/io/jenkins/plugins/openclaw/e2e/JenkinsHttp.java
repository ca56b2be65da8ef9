package io.jenkins.plugins.openclaw.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.awaitility.Awaitility;

/**
 * One HTTP session with the kit's Jenkins, as a user (basic authentication with a password, which is why POSTs need
 * the session's crumb) or anonymously: what a script or a browser without JavaScript does.
 */
public final class JenkinsHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status and body. */
    public record Answer(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        /** Status and the page's title or the body's start: enough to say what went wrong. */
        @Override
        public String toString() {
            java.util.regex.Matcher title = java.util.regex.Pattern.compile("<title>(.*?)</title>").matcher(body);
            String what = title.find() ? title.group(1) : body.substring(0, Math.min(300, body.length()));
            return "HTTP " + status + " (" + what.strip() + ")";
        }
    }

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private String crumbField;
    private String crumb;

    private JenkinsHttp(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
    }

    public static JenkinsHttp as(KitJenkins jenkins, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new JenkinsHttp(jenkins.url(), "Basic " + basic);
    }

    public static JenkinsHttp admin(KitJenkins jenkins) {
        return as(jenkins, KitJenkins.ADMIN, KitJenkins.ADMIN_PASSWORD);
    }

    public static JenkinsHttp anonymous(KitJenkins jenkins) {
        return new JenkinsHttp(jenkins.url(), null);
    }

    public URI base() {
        return base;
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** A form POST carrying this session's crumb. */
    public Answer post(String path, Map<String, String> form) throws IOException, InterruptedException {
        return post(path, form, true);
    }

    public Answer post(String path, Map<String, String> form, boolean withCrumb)
            throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>(form);
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
        if (withCrumb) {
            ensureCrumb();
            b.header(crumbField, crumb);
        }
        return send(b);
    }

    public Answer postXml(String path, String xml) throws IOException, InterruptedException {
        ensureCrumb();
        return send(request(path)
                .header("Content-Type", "application/xml")
                .header(crumbField, crumb)
                .POST(HttpRequest.BodyPublishers.ofString(xml)));
    }

    /** Runs a Groovy script in the script console (administrators only) and returns what it printed. */
    public String script(String groovy) throws IOException, InterruptedException {
        Answer a = post("scriptText", Map.of("script", groovy));
        if (a.status() != 200) {
            throw new IllegalStateException("script console: " + a);
        }
        return a.body();
    }

    /** A Pipeline job with this script (sandboxed, as a user's Jenkinsfile runs). */
    public void createPipeline(String name, String script) throws IOException, InterruptedException {
        String xml = """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job">
                  <keepDependencies>false</keepDependencies>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                  <disabled>false</disabled>
                </flow-definition>
                """.formatted(escapeXml(script));
        Answer a = postXml("createItem?name=" + urlEncode(name), xml);
        if (a.status() != 200) {
            throw new IllegalStateException("createItem " + name + ": " + a);
        }
    }

    /** Schedules a build and returns its number once it has left the queue. */
    public int build(String job) throws IOException, InterruptedException {
        Answer queued = post("job/" + job + "/build?delay=0sec", Map.of());
        if (queued.status() != 201) {
            throw new IllegalStateException("build of " + job + " answered " + queued.status());
        }
        String item = queued.raw().headers().firstValue("Location").orElseThrow();
        String itemPath = URI.create(item).getPath().substring(1) + "api/json";
        int[] number = new int[1];
        Awaitility.await(job + " leaves the queue").atMost(Duration.ofMinutes(2)).until(() -> {
            JsonNode q = get(itemPath).json();
            JsonNode exec = q.path("executable");
            if (exec.isMissingNode() || exec.isNull()) {
                return false;
            }
            number[0] = exec.path("number").asInt();
            return true;
        });
        return number[0];
    }

    /** Waits for the build to end and returns its result (SUCCESS, FAILURE, UNSTABLE, ABORTED). */
    public String awaitResult(String job, int number, Duration atMost) {
        String[] result = new String[1];
        Awaitility.await(job + " #" + number + " ends").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    JsonNode b = get("job/" + job + "/" + number + "/api/json?tree=building,result").json();
                    if (b.path("building").asBoolean(true) || b.path("result").isNull()) {
                        return false;
                    }
                    result[0] = b.path("result").asText();
                    return true;
                });
        return result[0];
    }

    public String console(String job, int number) throws IOException, InterruptedException {
        return get("job/" + job + "/" + number + "/consoleText").body();
    }

    /** Number of executors of the built-in node busy right now. */
    public int busyExecutors() throws IOException, InterruptedException {
        return get("computer/api/json?tree=busyExecutors").json().path("busyExecutors").asInt();
    }

    private void ensureCrumb() throws IOException, InterruptedException {
        if (crumb == null) {
            JsonNode c = get("crumbIssuer/api/json").json();
            crumbField = c.path("crumbRequestField").asText();
            crumb = c.path("crumb").asText();
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.body(), r);
    }

    static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String encode(Map<String, String> form) {
        StringJoiner j = new StringJoiner("&");
        form.forEach((k, v) -> j.add(urlEncode(k) + "=" + urlEncode(v)));
        return j.toString();
    }

    static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
