package io.openclaw.deploy.agent.router;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Header rewriting between the hops: hop-by-hop headers stay on their hop, X-Forwarded-* tell the instance who asked. */
final class ForwardedHeaders {
    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    // Transfer-Encoding is hop-by-hop too, but Netty's codec frames the body from it, so it is kept.
    private static final AsciiString[] HOP_BY_HOP = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
        HttpHeaderNames.UPGRADE
    };
    private static final String PROXY_PREFIX = "proxy-";

    private ForwardedHeaders() {
    }

    /**
     * Runs twice per request (request and response), so it reads the header names as they are stored (no String or
     * lower-case copies) and allocates only when there is something to remove.
     */
    static void removeHopByHop(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            removeNamedInConnection(headers);
        }
        List<CharSequence> toRemove = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            CharSequence name = it.next().getKey();
            if (isHopByHop(name)) {
                if (toRemove == null) {
                    toRemove = new ArrayList<>(2);
                }
                toRemove.add(name);
            }
        }
        if (toRemove != null) {
            toRemove.forEach(headers::remove);
        }
    }

    private static void removeNamedInConnection(HttpHeaders headers) {
        List<String> named = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !name.equalsIgnoreCase("close") && !name.equalsIgnoreCase("keep-alive")
                        && !name.equalsIgnoreCase("transfer-encoding")) {
                    named.add(name);
                }
            }
        }
        named.forEach(headers::remove);
    }

    private static boolean isHopByHop(CharSequence name) {
        for (AsciiString hop : HOP_BY_HOP) {
            if (hop.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return name.length() >= PROXY_PREFIX.length()
                && AsciiString.regionMatches(name, true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length());
    }

    static void addForwarded(HttpHeaders headers, SocketAddress client) {
        String clientIp = client instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress()
                : String.valueOf(client);
        String prior = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, prior == null || prior.isBlank() ? clientIp : prior + ", " + clientIp);
        headers.set(X_FORWARDED_PROTO, "http");
        String host = headers.get(HttpHeaderNames.HOST);
        if (host != null && !headers.contains(X_FORWARDED_HOST)) {
            headers.set(X_FORWARDED_HOST, host);
        }
    }
}
