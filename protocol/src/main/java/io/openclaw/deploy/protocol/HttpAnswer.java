package io.openclaw.deploy.protocol;

import io.netty.handler.codec.http.HttpHeaders;

/** A complete HTTP answer, copied out of Netty's buffers so it can cross threads. */
record HttpAnswer(int status, HttpHeaders headers, byte[] body) {
    String contentType() {
        String type = headers.get("Content-Type");
        return type == null ? "" : type;
    }
}
