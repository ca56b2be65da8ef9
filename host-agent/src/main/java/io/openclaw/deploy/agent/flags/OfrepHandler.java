package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Answers OFREP 0.3.0: single-flag and bulk evaluation, with the protocol's error codes and the bulk ETag. */
final class OfrepHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String SINGLE_PREFIX = "/ofrep/v1/evaluate/flags/";
    static final String BULK = "/ofrep/v1/evaluate/flags";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FlagEvaluator evaluator;
    private final FlagsToken token;

    OfrepHandler(FlagEvaluator evaluator, FlagsToken token) {
        this.evaluator = evaluator;
        this.token = token;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response = answer(request);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse answer(FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            return message(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean bulk = path.equals(BULK) || path.equals(BULK + "/");
        String key = null;
        if (!bulk) {
            if (!path.startsWith(SINGLE_PREFIX) || path.length() == SINGLE_PREFIX.length()) {
                return message(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path);
            }
            key = QueryStringDecoder.decodeComponent(path.substring(SINGLE_PREFIX.length()));
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse r = message(HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST");
            r.headers().set(HttpHeaderNames.ALLOW, "POST");
            return r;
        }
        String presented = presentedToken(request);
        if (presented == null) {
            FullHttpResponse r = message(HttpResponseStatus.UNAUTHORIZED,
                    "a flags token is required (Authorization: Bearer or X-API-Key)");
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            return r;
        }
        if (!token.matches(presented)) {
            return message(HttpResponseStatus.FORBIDDEN, "the flags token is not valid");
        }
        EvaluationContext context;
        try {
            context = context(request);
        } catch (ContextException e) {
            ObjectNode body = JSON.createObjectNode();
            if (key != null) {
                body.put("key", key);
            }
            body.put("errorCode", e.code.name());
            body.put("errorDetails", e.getMessage());
            return json(HttpResponseStatus.BAD_REQUEST, body);
        }
        return bulk ? bulk(request, context) : single(key, context);
    }

    private FullHttpResponse single(String key, EvaluationContext context) {
        Evaluation e = evaluator.evaluate(key, context);
        HttpResponseStatus status = !e.isError() ? HttpResponseStatus.OK
                : e.errorCode() == ErrorCode.FLAG_NOT_FOUND ? HttpResponseStatus.NOT_FOUND
                : HttpResponseStatus.BAD_REQUEST;
        return json(status, FlagJson.evaluation(e));
    }

    private FullHttpResponse bulk(FullHttpRequest request, EvaluationContext context) {
        List<Evaluation> all = evaluator.evaluateAll(context);
        ObjectNode body = JSON.createObjectNode();
        var flags = body.putArray("flags");
        all.forEach(e -> flags.add(FlagJson.evaluation(e)));
        byte[] bytes = bytes(body);
        // The ETag is a digest of the answer itself: it changes when a flag changes for this context, and only then.
        String etag = "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 16) + "\"";
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        FullHttpResponse response;
        if (ifNoneMatch != null && matchesEtag(ifNoneMatch, etag)) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        response.headers().set(HttpHeaderNames.ETAG, etag);
        return response;
    }

    private static boolean matchesEtag(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.strip();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag) || c.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static String presentedToken(FullHttpRequest request) {
        String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        String apiKey = request.headers().get("X-API-Key");
        return apiKey == null ? null : apiKey.strip();
    }

    /** Reads {@code {"context": {"targetingKey": ..., attribute: ...}}}; scalars become text, null is absent. */
    private static EvaluationContext context(FullHttpRequest request) throws ContextException {
        if (request.content().readableBytes() == 0) {
            return EvaluationContext.of(null);
        }
        JsonNode root;
        try (var in = new ByteBufInputStream(request.content())) {
            root = JSON.readTree((InputStream) in);
        } catch (IOException e) {
            throw new ContextException(ErrorCode.PARSE_ERROR, "the body is not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            return EvaluationContext.of(null);
        }
        if (!root.isObject()) {
            throw new ContextException(ErrorCode.PARSE_ERROR, "the body must be a JSON object");
        }
        JsonNode ctx = root.get("context");
        if (ctx == null || ctx.isNull()) {
            return EvaluationContext.of(null);
        }
        if (!ctx.isObject()) {
            throw new ContextException(ErrorCode.INVALID_CONTEXT, "context must be an object");
        }
        String targetingKey = null;
        Map<String, String> attributes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ctx.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (e.getKey().equals("targetingKey")) {
                if (!v.isNull() && !v.isTextual()) {
                    throw new ContextException(ErrorCode.INVALID_CONTEXT, "targetingKey must be a string");
                }
                targetingKey = v.isNull() ? null : v.textValue();
            } else if (v.isTextual()) {
                attributes.put(e.getKey(), v.textValue());
            } else if (v.isNumber()) {
                attributes.put(e.getKey(), v.decimalValue().stripTrailingZeros().toPlainString());
            } else if (v.isBoolean()) {
                attributes.put(e.getKey(), Boolean.toString(v.booleanValue()));
            }
            // Lists and objects are not comparable by the operators; they are ignored rather than refused.
        }
        return new EvaluationContext(targetingKey, attributes);
    }

    private static FullHttpResponse message(HttpResponseStatus status, String details) {
        ObjectNode body = JSON.createObjectNode();
        body.put("errorDetails", details);
        return json(status, body);
    }

    private static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes(body)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        return r;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static final class ContextException extends Exception {
        private static final long serialVersionUID = 1L;
        final ErrorCode code;

        ContextException(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
