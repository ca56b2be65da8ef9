package io.openclaw.deploy.agent.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The password of the account a service runs as, held only as characters that {@link #close()} overwrites: never a
 * {@link String} (which cannot be cleared and may be interned or logged), never printed ({@link #toString()} hides it).
 * It is read from the first line of a file or of standard input, never from the command line, where every user of the
 * machine can see it in the process list.
 */
public final class ServicePassword implements AutoCloseable {
    /** Longer than any Windows password (256); a file this long is not a password file. */
    static final int MAX_LENGTH = 1024;

    private final char[] chars;

    private ServicePassword(char[] chars) {
        this.chars = chars;
    }

    /** For tests and callers that already hold the characters; takes ownership of (and later clears) the array. */
    public static ServicePassword of(char[] chars) {
        return new ServicePassword(chars);
    }

    /** @throws IllegalArgumentException if the file is missing, unreadable, empty or too long (the message names it) */
    public static ServicePassword fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return firstLine(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first line of {@code in} (standard input); the stream is not closed. */
    public static ServicePassword fromStream(InputStream in, String what) {
        try {
            return firstLine(in, what);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password from " + what + ": " + e.getMessage(), e);
        }
    }

    private static ServicePassword firstLine(InputStream in, String what) throws IOException {
        // Byte by byte into a buffer of ours, decoded into another, both overwritten: no String, no reader buffering
        // the rest of the stream. (Standard input's own buffer belongs to the JDK and is not cleared.)
        byte[] bytes = new byte[MAX_LENGTH * 4];
        char[] decoded = new char[bytes.length];
        int length = 0;
        try {
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                if (length == bytes.length) {
                    throw tooLong(what);
                }
                bytes[length++] = (byte) b;
            }
            if (length > 0 && bytes[length - 1] == '\r') {
                length--; // a file written on Windows
            }
            CharBuffer out = CharBuffer.wrap(decoded);
            CoderResult result = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length), out, true);
            if (result.isError()) {
                throw new IllegalArgumentException("the password in " + what + " is not UTF-8 text");
            }
            if (out.position() == 0) {
                throw new IllegalArgumentException("the password in " + what + " is empty");
            }
            if (out.position() > MAX_LENGTH) {
                throw tooLong(what);
            }
            return new ServicePassword(Arrays.copyOf(decoded, out.position()));
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(decoded, '\0');
        }
    }

    private static IllegalArgumentException tooLong(String what) {
        return new IllegalArgumentException("the password in " + what + " is longer than " + MAX_LENGTH
                + " characters; is it the right file?");
    }

    /** The characters themselves, not a copy: valid until {@link #close()}. */
    public char[] chars() {
        return chars;
    }

    /** Overwrites the characters. */
    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "ServicePassword[hidden]";
    }
}
