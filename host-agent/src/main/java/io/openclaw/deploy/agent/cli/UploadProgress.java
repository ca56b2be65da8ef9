package io.openclaw.deploy.agent.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;

/** Counts the bytes read from an artifact and prints a line at every tenth of it. */
final class UploadProgress extends FilterInputStream {
    private final long total;
    private final String name;
    private final PrintWriter err;
    private long read;
    private int lastTenth;

    UploadProgress(InputStream in, long total, String name, PrintWriter err) {
        super(in);
        this.total = total;
        this.name = name;
        this.err = err;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(long n) {
        read += n;
        int tenth = total == 0 ? 10 : (int) (read * 10 / total);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            err.printf(Locale.ROOT, "uploading %s: %3d%% (%s of %s)%n", name, tenth * 10, mib(read), mib(total));
            err.flush();
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
