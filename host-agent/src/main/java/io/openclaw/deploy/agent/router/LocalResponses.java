package io.openclaw.deploy.agent.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** The small JSON answers the router gives itself (errors and its own health). */
final class LocalResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalResponses() {
    }

    static FullHttpResponse error(HttpResponseStatus status, String error, String loop, boolean keepAlive) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("loop", loop);
        return json(status, body, keepAlive);
    }

    static FullHttpResponse json(HttpResponseStatus status, Object body, boolean keepAlive) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render router response", e);
        }
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        HttpUtil.setContentLength(response, bytes.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }
}
