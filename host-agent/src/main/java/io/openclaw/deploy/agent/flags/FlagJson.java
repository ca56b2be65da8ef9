package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/** The JSON shapes of flag states, revisions and evaluations (admin API and the store's files). */
public final class FlagJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FlagJson() {}

    public static ObjectNode state(FlagState s) {
        ObjectNode out = NODES.objectNode();
        out.set("flag", FlagParser.toJson(s.flag()));
        out.put("revision", s.revision());
        out.put("updated_at", s.updatedAt().toString());
        out.put("updated_by", s.updatedBy());
        return out;
    }

    public static ObjectNode revision(FlagRevision r) {
        ObjectNode out = NODES.objectNode();
        out.put("revision", r.revision());
        out.put("at", r.at().toString());
        out.put("by", r.by());
        out.put("change", r.change());
        out.put("origin", r.origin().name().toLowerCase(Locale.ROOT));
        out.set("flag", r.flag() == null ? NODES.nullNode() : FlagParser.toJson(r.flag()));
        return out;
    }

    static FlagRevision readRevision(JsonNode n) {
        JsonNode flag = n.get("flag");
        return new FlagRevision(
                n.get("revision").intValue(),
                Instant.parse(n.get("at").textValue()),
                n.get("by").textValue(),
                n.get("change").textValue(),
                FlagRevision.Origin.valueOf(n.get("origin").textValue().toUpperCase(Locale.ROOT)),
                flag == null || flag.isNull() ? null : FlagParser.parse(flag, null));
    }

    /** OFREP's success or failure object for one flag. */
    public static ObjectNode evaluation(Evaluation e) {
        ObjectNode out = NODES.objectNode();
        out.put("key", e.key());
        if (e.isError()) {
            out.put("errorCode", e.errorCode().name());
            out.put("errorDetails", e.errorDetails());
            return out;
        }
        out.put("reason", e.reason().name());
        out.put("variant", e.variant());
        out.set("value", e.value());
        out.putObject("metadata");
        return out;
    }
}
