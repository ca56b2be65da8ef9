package io.openclaw.deploy.agent.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The endpoints of the control API and the methods each accepts. */
@SuppressWarnings("ImmutableEnumChecker") // every constant passes an unmodifiable Set.of(...)
enum Route {
    HEALTH(Set.of(HttpMethod.GET, HttpMethod.HEAD)),
    METRICS(Set.of(HttpMethod.GET)),
    STATUS(Set.of(HttpMethod.GET)),
    ARTIFACT(Set.of(HttpMethod.HEAD, HttpMethod.PUT)),
    DEPLOYMENTS(Set.of(HttpMethod.GET, HttpMethod.POST)),
    DEPLOYMENT(Set.of(HttpMethod.GET)),
    EVENTS(Set.of(HttpMethod.GET)),
    DEPLOYMENT_ACTION(Set.of(HttpMethod.POST)),
    ROLLBACK(Set.of(HttpMethod.POST)),
    VERIFICATION(Set.of(HttpMethod.GET)),
    FLAGS(Set.of(HttpMethod.GET)),
    FLAG(Set.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE)),
    FLAG_REVISIONS(Set.of(HttpMethod.GET)),
    FLAG_ROLLBACK(Set.of(HttpMethod.POST)),
    FLAG_EVALUATE(Set.of(HttpMethod.POST));

    static final Set<String> ACTIONS = Set.of("pause", "resume", "promote", "abort");

    private final Set<HttpMethod> methods;

    Route(Set<HttpMethod> methods) {
        this.methods = methods;
    }

    boolean allows(HttpMethod method) {
        return methods.contains(method);
    }

    /** The {@code Allow} header value. */
    String allowHeader() {
        return methods.stream().map(HttpMethod::name).sorted().reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** A matched route with its path parameters (decoded), in path order. */
    record Match(Route route, List<String> params) {
        String param(int i) {
            return params.get(i);
        }
    }

    /** @return null when no endpoint has this path */
    static Match match(String path) {
        List<String> s = segments(path);
        if (s == null) {
            return null;
        }
        if (s.equals(List.of("healthz"))) {
            return new Match(HEALTH, List.of());
        }
        if (s.equals(List.of("metrics"))) {
            return new Match(METRICS, List.of());
        }
        if (s.size() < 2 || !s.get(0).equals("v1")) {
            return null;
        }
        String resource = s.get(1);
        return switch (s.size()) {
            case 2 -> switch (resource) {
                case "status" -> new Match(STATUS, List.of());
                case "deployments" -> new Match(DEPLOYMENTS, List.of());
                case "rollback" -> new Match(ROLLBACK, List.of());
                case "verification" -> new Match(VERIFICATION, List.of());
                case "flags" -> new Match(FLAGS, List.of());
                default -> null;
            };
            case 3 -> switch (resource) {
                case "artifacts" -> new Match(ARTIFACT, List.of(s.get(2)));
                case "deployments" -> new Match(DEPLOYMENT, List.of(s.get(2)));
                case "flags" -> new Match(FLAG, List.of(s.get(2)));
                default -> null;
            };
            case 4 -> {
                if (resource.equals("flags")) {
                    yield switch (s.get(3)) {
                        case "revisions" -> new Match(FLAG_REVISIONS, List.of(s.get(2)));
                        case "rollback" -> new Match(FLAG_ROLLBACK, List.of(s.get(2)));
                        case "evaluate" -> new Match(FLAG_EVALUATE, List.of(s.get(2)));
                        default -> null;
                    };
                }
                if (!resource.equals("deployments")) {
                    yield null;
                }
                if (s.get(3).equals("events")) {
                    yield new Match(EVENTS, List.of(s.get(2)));
                }
                if (!ACTIONS.contains(s.get(3))) {
                    yield null;
                }
                yield new Match(DEPLOYMENT_ACTION, List.of(s.get(2), s.get(3)));
            }
            default -> null;
        };
    }

    private static List<String> segments(String path) {
        if (!path.startsWith("/")) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                return null;
            }
            out.add(QueryStringDecoder.decodeComponent(raw));
        }
        return out;
    }
}
