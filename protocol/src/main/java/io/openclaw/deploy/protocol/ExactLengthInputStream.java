package io.openclaw.deploy.protocol;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Yields exactly {@code length} bytes of the wrapped stream and fails if it holds fewer or more: the request declared
 * that length, so a different one must not reach the agent as if it were the artifact.
 */
final class ExactLengthInputStream extends FilterInputStream {
    private final long length;
    private long remaining;

    ExactLengthInputStream(InputStream in, long length) {
        super(in);
        this.length = length;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            if (in.read() >= 0) {
                throw new LengthMismatchException("the artifact stream holds more than the declared " + length + " bytes");
            }
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new LengthMismatchException(
                    "the artifact stream ended after " + (length - remaining) + " of the declared " + length + " bytes");
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) {
        return 0;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    static final class LengthMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        LengthMismatchException(String message) {
            super(message);
        }
    }
}
