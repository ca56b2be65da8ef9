package io.openclaw.deploy.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.flags.EvaluationContext;
import io.openclaw.deploy.agent.flags.FlagJson;
import io.openclaw.deploy.agent.flags.FlagOperations;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** The admin endpoints on flags ({@code /v1/flags...}), turned into {@link FlagOperations} calls. */
final class FlagRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FlagOperations flags;
    private final String actor;

    FlagRoutes(FlagOperations flags, String actor) {
        this.flags = flags;
        this.actor = actor;
    }

    Reply list() {
        ObjectNode out = JSON.createObjectNode();
        var array = out.putArray("flags");
        flags.list().forEach(s -> array.add(FlagJson.state(s)));
        return Reply.json(HttpResponseStatus.OK, out);
    }

    Reply flag(HttpMethod method, String name, byte[] body) {
        if (method.equals(HttpMethod.GET)) {
            return Reply.json(HttpResponseStatus.OK, FlagJson.state(flags.get(name)));
        }
        if (method.equals(HttpMethod.DELETE)) {
            return Reply.json(HttpResponseStatus.OK, FlagJson.revision(flags.delete(name, actor)));
        }
        return Reply.json(HttpResponseStatus.OK, FlagJson.state(flags.put(name, object(body), actor)));
    }

    Reply revisions(String name) {
        ObjectNode out = JSON.createObjectNode();
        var array = out.putArray("revisions");
        flags.revisions(name).forEach(r -> array.add(FlagJson.revision(r)));
        return Reply.json(HttpResponseStatus.OK, out);
    }

    Reply rollback(String name, byte[] body) {
        JsonNode revision = object(body).get("revision");
        if (revision == null || !revision.canConvertToInt() || !revision.isIntegralNumber() || revision.intValue() < 1) {
            throw new OperationException(ProblemTypes.VALIDATION, 400, "revision: must be a revision number (1 or more)");
        }
        return Reply.json(HttpResponseStatus.OK, FlagJson.state(flags.rollback(name, revision.intValue(), actor)));
    }

    Reply evaluate(String name, byte[] body) {
        JsonNode context = body.length == 0 ? null : object(body).get("context");
        String targetingKey = null;
        Map<String, String> attributes = new HashMap<>();
        if (context != null && !context.isNull()) {
            if (!context.isObject()) {
                throw new OperationException(ProblemTypes.VALIDATION, 400, "context: must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode v = e.getValue();
                if (!v.isValueNode() || v.isNull()) {
                    continue;
                }
                String text = v.isNumber() ? v.decimalValue().stripTrailingZeros().toPlainString() : v.asText();
                if (e.getKey().equals("targetingKey")) {
                    targetingKey = text;
                } else {
                    attributes.put(e.getKey(), text);
                }
            }
        }
        return Reply.json(HttpResponseStatus.OK,
                FlagJson.evaluation(flags.evaluate(name, new EvaluationContext(targetingKey, attributes))));
    }

    private static JsonNode object(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new OperationException(ProblemTypes.MALFORMED_JSON, 400, "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new OperationException(ProblemTypes.VALIDATION, 400, "the body must be a JSON object");
        }
        return node;
    }
}
