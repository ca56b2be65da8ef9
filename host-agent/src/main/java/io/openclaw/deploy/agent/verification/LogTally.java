package io.openclaw.deploy.agent.verification;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Counts the log files of the loops' instances for the log check, remembering what it counted in each file (a
 * count per piece of up to {@link LogReader#PIECE} bytes), so that a verification reads only what no verification
 * before it read, not each file's last {@link #WINDOW} again: a rollback soon after a deployment reads the lines its
 * loops wrote in between. An answer is what counting the bytes asked for at once gives, but for a line that the edge
 * of an earlier count cut in two (a baseline taken while the line was being written), which counts as two lines.
 *
 * <p>A file is taken to be the one counted before while it is at least as long as what was counted and still ends
 * what was counted with the same bytes; a log rotated since (copied and truncated) is counted afresh.
 */
final class LogTally {
    /** Bounds the work (and the memory) of a check on a loop that logged a lot: each count reads at most this much. */
    static final long WINDOW = 4L * 1024 * 1024;
    /** Instances come and go with releases; what is remembered of files no longer asked about is dropped. */
    private static final int MOST_FILES = 256;
    /** Bounds the memory of a file's counts where gaps keep pieces from being joined (whole pieces fill 8 MiB). */
    private static final int MOST_PIECES = 512;
    /** How many of the last counted bytes recognise the same file later on. */
    private static final int FINGERPRINT = 64;

    private final LogReader reader;
    private final Map<Path, FileTally> files = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, FileTally> eldest) {
            return size() > MOST_FILES;
        }
    };

    LogTally(LogReader reader) {
        this.reader = reader;
    }

    /**
     * What the file held before it was {@code end} bytes long (a baseline's length; at most its last {@link #WINDOW}
     * up to there); nothing for a file now shorter, rotated since, whose earlier lines are no longer there.
     */
    LogBaseline.LogCount before(Path log, long end) throws IOException {
        if (end <= 0 || !Files.isRegularFile(log)) {
            return LogBaseline.LogCount.ZERO;
        }
        try (FileChannel file = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = file.size();
            return size < end ? LogBaseline.LogCount.ZERO : count(log, file, size, Math.max(0, end - WINDOW), end,
                    false);
        }
    }

    /**
     * What the file holds from {@code from} on (at most its last {@link #WINDOW}); a file now shorter than that was
     * rotated and is read from its start.
     */
    LogBaseline.LogCount since(Path log, long from) throws IOException {
        if (!Files.isRegularFile(log)) {
            return LogBaseline.LogCount.ZERO;
        }
        try (FileChannel file = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = file.size();
            return count(log, file, size, Math.max(from > size ? 0 : from, size - WINDOW), size, true);
        }
    }

    /**
     * Counts what was written to the file since it was last counted (at most its last {@link #WINDOW}), so that the
     * next verification finds it counted.
     */
    void countAhead(Path log) throws IOException {
        since(log, 0);
    }

    /** How many pieces of the file are remembered. */
    int pieces(Path log) {
        return inspect(log, tally -> tally.pieces.size(), 0);
    }

    /** How many bytes of the file are remembered as counted. */
    long remembered(Path log) {
        return inspect(log, tally -> tally.pieces.values().stream().mapToLong(p -> p.end() - p.start()).sum(), 0L);
    }

    private <T> T inspect(Path log, Function<FileTally, T> what, T none) {
        FileTally tally;
        synchronized (files) {
            tally = files.get(LogBaseline.key(log));
        }
        if (tally == null) {
            return none;
        }
        synchronized (tally) {
            return what.apply(tally);
        }
    }

    private LogBaseline.LogCount count(Path log, FileChannel file, long size, long from, long to,
            boolean toIsStillWritten) throws IOException {
        FileTally tally;
        synchronized (files) {
            tally = files.computeIfAbsent(LogBaseline.key(log), k -> new FileTally());
        }
        synchronized (tally) {
            tally.recognise(file, size);
            return tally.count(file, from, to, toIsStillWritten);
        }
    }

    private record Piece(long start, long end, LogBaseline.LogCount count) {
    }

    /** The pieces counted in one file, by where they start; there may be gaps between them. */
    private final class FileTally {
        private final TreeMap<Long, Piece> pieces = new TreeMap<>();
        /** The last bytes of the last piece. */
        private byte[] fingerprint = new byte[0];

        private long end() {
            return pieces.isEmpty() ? 0 : pieces.lastEntry().getValue().end();
        }

        /** Forgets everything if the file is no longer the one counted (shorter, or other bytes where it ended). */
        void recognise(FileChannel file, long size) throws IOException {
            if (pieces.isEmpty()) {
                return;
            }
            boolean same = size >= end();
            if (same) {
                byte[] now = new byte[fingerprint.length];
                LogReader.readFully(file, now, now.length, end() - now.length);
                same = Arrays.equals(now, fingerprint);
            }
            if (!same) {
                pieces.clear();
                fingerprint = new byte[0];
            }
        }

        /**
         * Counts {@code [from, to)}: whole pieces as remembered; what no piece covers read now and remembered (but a
         * line still being written at {@code to}); pieces cut by {@code from} or {@code to} read again in part.
         */
        LogBaseline.LogCount count(FileChannel file, long from, long to, boolean toIsStillWritten) throws IOException {
            LogBaseline.LogCount total = LogBaseline.LogCount.ZERO;
            long position = from;
            Long first = pieces.floorKey(from);
            for (Piece piece : List.copyOf(pieces.tailMap(first == null ? from : first).values())) {
                if (piece.start() >= to) {
                    break;
                }
                if (piece.end() <= position) {
                    continue;
                }
                if (piece.start() > position) {
                    total = total.plus(remember(file, position, piece.start(), false));
                    position = piece.start();
                }
                long end = Math.min(piece.end(), to);
                total = total.plus(piece.start() == position && piece.end() == end ? piece.count()
                        : reader.count(file, position, end));
                position = end;
            }
            if (position < to) {
                total = total.plus(remember(file, position, to, toIsStillWritten));
            }
            forgetOld();
            return total;
        }

        private LogBaseline.LogCount remember(FileChannel file, long from, long to, boolean toIsStillWritten)
                throws IOException {
            LogBaseline.LogCount[] total = {LogBaseline.LogCount.ZERO};
            long stop = reader.count(file, from, to, toIsStillWritten, (start, end, count) -> {
                add(new Piece(start, end, count));
                total[0] = total[0].plus(count);
            });
            if (stop > from && stop == end()) {
                int length = (int) Math.min(FINGERPRINT, stop - pieces.lastEntry().getValue().start());
                fingerprint = new byte[length];
                LogReader.readFully(file, fingerprint, length, stop - length);
            }
            return stop < to ? total[0].plus(reader.count(file, stop, to)) : total[0];
        }

        /**
         * Joins a piece to the one it continues while together they are no longer than a piece read at once: counting
         * ahead every few seconds makes a piece of a few lines each time, and each costs memory (the heap is small).
         */
        private void add(Piece piece) {
            Map.Entry<Long, Piece> before = pieces.floorEntry(piece.start());
            if (before != null && before.getValue().end() == piece.start()
                    && piece.end() - before.getKey() <= LogReader.PIECE) {
                pieces.put(before.getKey(), new Piece(before.getKey(), piece.end(),
                        before.getValue().count().plus(piece.count())));
            } else {
                pieces.put(piece.start(), piece);
            }
        }

        /** Keeps what a count of the last {@link #WINDOW} before a later baseline can ask for, and no more pieces. */
        private void forgetOld() {
            long keepFrom = end() - 2 * WINDOW;
            while (pieces.size() > 1
                    && (pieces.firstEntry().getValue().end() < keepFrom || pieces.size() > MOST_PIECES)) {
                pieces.pollFirstEntry();
            }
        }
    }
}
