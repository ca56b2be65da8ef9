package io.openclaw.deploy.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml describes the control API the agent really serves: it is OpenAPI 3 in structure, every path and
 * method in it is one {@link Route} accepts, every route with every method it accepts is in it, and its problem types
 * are those of {@link ProblemTypes}. A route added, removed or given another method without the document fails here.
 */
class OpenApiDocumentTest {
    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
    private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS);
    private static JsonNode api;

    @BeforeAll
    static void read() throws IOException {
        api = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
    }

    @Test
    void isAnOpenApi3Document() {
        assertThat(api.path("openapi").asText()).startsWith("3.");
        assertThat(api.path("info").path("title").asText()).isNotBlank();
        assertThat(api.path("info").path("version").asText()).isNotBlank();
        assertThat(api.path("paths").isObject()).isTrue();
        api.path("paths").fields().forEachRemaining(path -> {
            assertThat(path.getKey()).as("path").startsWith("/");
            path.getValue().fields().forEachRemaining(item -> {
                if (isMethod(item.getKey())) {
                    assertThat(item.getValue().path("responses").size())
                            .as("responses of %s %s", item.getKey(), path.getKey()).isPositive();
                    item.getValue().path("responses").fieldNames().forEachRemaining(status ->
                            assertThat(status).as("status of %s %s", item.getKey(), path.getKey()).matches("[1-5][0-9][0-9]"));
                } else {
                    assertThat(item.getKey()).as("key of path %s", path.getKey())
                            .isIn("parameters", "summary", "description", "servers", "$ref");
                }
            });
        });
    }

    @Test
    void everyReferenceLeadsToAComponent() {
        List<String> dangling = new ArrayList<>();
        collectRefs(api, dangling);
        assertThat(dangling).as("$refs that lead nowhere").isEmpty();
    }

    @Test
    void everyPathAndMethodOfTheDocumentIsARouteTheAgentServes() {
        api.path("paths").fields().forEachRemaining(path -> {
            Route.Match match = Route.match(example(path.getKey()));
            assertThat(match).as("route for %s", path.getKey()).isNotNull();
            Set<HttpMethod> documented = documentedMethods(path.getValue());
            for (HttpMethod method : METHODS) {
                assertThat(documented.contains(method))
                        .as("%s %s documented as the agent serves it", method, path.getKey())
                        .isEqualTo(match.route().allows(method));
            }
        });
    }

    @Test
    void everyRouteIsDocumented() {
        Set<Route> documented = EnumSet.noneOf(Route.class);
        api.path("paths").fieldNames().forEachRemaining(path -> documented.add(Route.match(example(path)).route()));
        assertThat(documented).containsExactlyInAnyOrder(Route.values());
        Set<String> actions = new HashSet<>();
        api.path("paths").fieldNames().forEachRemaining(path -> {
            Route.Match match = Route.match(example(path));
            if (match.route() == Route.DEPLOYMENT_ACTION) {
                actions.add(match.param(1));
            }
        });
        assertThat(actions).isEqualTo(Route.ACTIONS);
    }

    @Test
    void theProblemTypesAreThoseOfTheProtocol() throws IllegalAccessException {
        Set<String> documented = new HashSet<>();
        api.path("components").path("schemas").path("Problem").path("properties").path("type").path("enum")
                .forEach(t -> documented.add(t.asText()));
        Set<String> declared = new HashSet<>();
        for (Field field : ProblemTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                declared.add((String) field.get(null));
            }
        }
        assertThat(documented).isEqualTo(declared);
    }

    @Test
    void aRouteTheDocumentLacksIsNoticed() {
        // The check above can fail: a path no route matches, and a method a route refuses.
        assertThat(Route.match(example("/v1/nothing/{id}"))).isNull();
        assertThat(Route.match(example("/v1/flags/{name}")).route().allows(HttpMethod.POST)).isFalse();
    }

    /** A concrete path for a template: each {param} becomes a value its route accepts. */
    private static String example(String template) {
        return template.replace("{sha256}", "0".repeat(64)).replaceAll("\\{[^}]+}", "x1");
    }

    private static boolean isMethod(String key) {
        return METHODS.stream().anyMatch(m -> m.name().toLowerCase(Locale.ROOT).equals(key)) || key.equals("trace");
    }

    private static Set<HttpMethod> documentedMethods(JsonNode pathItem) {
        Set<HttpMethod> methods = new HashSet<>();
        pathItem.fieldNames().forEachRemaining(key -> {
            if (isMethod(key)) {
                methods.add(HttpMethod.valueOf(key.toUpperCase(Locale.ROOT)));
            }
        });
        return methods;
    }

    private static void collectRefs(JsonNode node, List<String> dangling) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref")) {
                    String ref = e.getValue().asText();
                    if (!ref.startsWith("#/") || api.at(ref.substring(1)).isMissingNode()) {
                        dangling.add(ref);
                    }
                } else {
                    collectRefs(e.getValue(), dangling);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, dangling));
        }
    }
}
