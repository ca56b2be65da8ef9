package io.openclaw.deploy.agent.router;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Header rewriting between the hops: hop-by-hop headers stay on their hop, X-Forwarded-* tell the instance who asked. */
final class ForwardedHeaders {
    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    // Transfer-Encoding is hop-by-hop too, but Netty's codec frames the body from it, so it is kept.
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "te", "trailer", "upgrade");

    private ForwardedHeaders() {
    }

    static void removeHopByHop(HttpHeaders headers) {
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
        List<String> toRemove = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || name.startsWith("proxy-")) {
                toRemove.add(h.getKey());
            }
        }
        toRemove.forEach(headers::remove);
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
