package io.openclaw.deploy.agent.verification;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts the lines and error lines of log text, and of a byte range of a log file a piece at a time. */
final class LogReader {
    /**
     * How much of a file is read and decoded at once: bounds the memory of a count (the agent's heap is small) and is
     * the grain of what {@link LogTally} remembers.
     */
    static final int PIECE = 64 * 1024;

    private final Pattern errorLine;

    LogReader(Pattern errorLine) {
        this.errorLine = errorLine;
    }

    /** Receives each piece counted: its byte range and its lines. */
    interface Pieces {
        void counted(long start, long end, LogBaseline.LogCount count);
    }

    /**
     * Counts {@code [from, to)} piece by piece; each piece ends at a line end where the piece holds one, so that no
     * line is cut in two (a line longer than a piece is). A line cut by {@code from} or {@code to} counts as a line.
     *
     * @param wholeLinesOnly stop at the end of the last whole line instead of at {@code to} (a line still being
     *                       written is left for later)
     * @return where counting stopped: {@code to}, or with {@code wholeLinesOnly} the end of the last whole line
     */
    long count(FileChannel file, long from, long to, boolean wholeLinesOnly, Pieces pieces) throws IOException {
        byte[] buffer = new byte[(int) Math.min(PIECE, Math.max(0, to - from))];
        long position = from;
        while (position < to) {
            int length = (int) Math.min(PIECE, to - position);
            readFully(file, buffer, length, position);
            boolean last = position + length == to;
            int cut = last && !wholeLinesOnly ? length : afterLastNewline(buffer, length);
            if (cut == 0) {
                if (last) {
                    break; // only a line still being written is left
                }
                cut = length; // one line longer than a piece
            }
            pieces.counted(position, position + cut, count(new String(buffer, 0, cut, StandardCharsets.UTF_8)));
            position += cut;
        }
        return position;
    }

    /** Counts {@code [from, to)} of the file. */
    LogBaseline.LogCount count(FileChannel file, long from, long to) throws IOException {
        LogBaseline.LogCount[] total = {LogBaseline.LogCount.ZERO};
        count(file, from, to, false, (start, end, count) -> total[0] = total[0].plus(count));
        return total[0];
    }

    /** Non-blank lines, and those among them in which the error pattern is found (each line searched on its own). */
    LogBaseline.LogCount count(String text) {
        // One matcher limited to each line in turn: the same answer as a matcher per split line (anchoring and word
        // bounds end at the line), without a string and a matcher per line.
        Matcher matcher = errorLine.matcher(text);
        long lines = 0;
        long errors = 0;
        int length = text.length();
        int start = 0;
        while (start < length) {
            int newline = text.indexOf('\n', start);
            int next = newline < 0 ? length : newline + 1;
            int end = newline < 0 ? length : newline;
            if (end > start && text.charAt(end - 1) == '\r') {
                end--;
            }
            if (!isBlank(text, start, end)) {
                lines++;
                if (matcher.region(start, end).find()) {
                    errors++;
                }
            }
            start = next;
        }
        return new LogBaseline.LogCount(lines, errors);
    }

    private static boolean isBlank(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int afterLastNewline(byte[] buffer, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (buffer[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    static void readFully(FileChannel file, byte[] into, int length, long position) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(into, 0, length);
        while (target.hasRemaining()) {
            if (file.read(target, position + target.position()) < 0) {
                throw new EOFException("the file ended at " + (position + target.position()) + " of "
                        + (position + length) + " bytes");
            }
        }
    }
}
