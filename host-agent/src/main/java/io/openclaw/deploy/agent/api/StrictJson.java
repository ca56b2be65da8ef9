package io.openclaw.deploy.agent.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads request bodies strictly: unknown fields, duplicate keys, trailing content and nulls for numbers are refused,
 * so a typo in a field name is an error instead of a silently ignored option. (The shared {@link Json#mapper()} stays
 * tolerant because clients must accept fields added later.)
 */
final class StrictJson {
    private static final ObjectMapper MAPPER = Json.mapper()
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private StrictJson() {}

    /**
     * @throws OperationException {@code malformed-json} for what is not JSON, {@code validation} naming the field
     *     for JSON of the wrong shape
     */
    static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new OperationException(ProblemTypes.MALFORMED_JSON, 400, "the request body is empty; expected a JSON object");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new OperationException(
                    ProblemTypes.VALIDATION, 400, "unknown field '" + fieldPath(e) + "'");
        } catch (StreamReadException e) {
            throw new OperationException(
                    ProblemTypes.MALFORMED_JSON, 400, "malformed JSON: " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            String path = fieldPath(e);
            throw new OperationException(
                    ProblemTypes.VALIDATION,
                    400,
                    path.isEmpty() ? "expected a JSON object" : "field '" + path + "' has a value of the wrong type");
        } catch (IOException e) {
            throw new OperationException(ProblemTypes.MALFORMED_JSON, 400, "malformed JSON");
        }
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
