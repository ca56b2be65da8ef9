package io.openclaw.deploy.protocol;

import io.netty.handler.codec.http.HttpHeaders;

/** A complete HTTP answer, copied out of Netty's buffers so it can cross threads. */
// The body is handed over once and never compared, so an array (no copy) is what it should be.
@SuppressWarnings("ArrayRecordComponent")
record HttpAnswer(int status, HttpHeaders headers, byte[] body) {
    String contentType() {
        String type = headers.get("Content-Type");
        return type == null ? "" : type;
    }
}
