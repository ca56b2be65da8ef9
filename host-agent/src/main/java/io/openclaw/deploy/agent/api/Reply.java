package io.openclaw.deploy.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete answer, built off the event loop and written on it. */
// The body is written once and never compared, so an array (no copy) is what it should be.
@SuppressWarnings("ArrayRecordComponent")
record Reply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
    Reply {
        body = body == null ? new byte[0] : body;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    static Reply json(HttpResponseStatus status, Object value) {
        try {
            return new Reply(status, MediaTypes.JSON, Json.mapper().writeValueAsBytes(value), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    static Reply text(HttpResponseStatus status, String contentType, String text) {
        return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8), null);
    }

    static Reply empty(HttpResponseStatus status) {
        return new Reply(status, null, null, null);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more);
    }
}
