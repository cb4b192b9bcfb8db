package dev.llmcost.agent.capture;

import dev.llmcost.agent.provider.format.CapturedBody;

import java.nio.ByteBuffer;

/**
 * Copies response bytes as the application reads them. Up to {@code limit} bytes the whole body is kept;
 * beyond that only its first bytes (a quarter of the limit, at most 64 KiB) and a rolling window of its last
 * bytes (half the limit, at most 1 MiB) are, so memory per
 * call is bounded however long a stream runs. Each byte is copied once; nothing is parsed here (that happens
 * off the application's threads).
 *
 * <p>Not thread-safe: a body is read by one thread at a time, and the capture is handed to the agent's
 * thread only after the body ended.
 */
final class BodyCapture {

    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_TAIL = 1 << 20;
    private static final int INITIAL = 4 * 1024;
    private static final int SCRATCH = 8 * 1024;

    private final int limit;
    private final int headSize;
    private final int tailSize;
    private final Reservation reservation;
    private final Object owner;
    private byte[] buffer = new byte[0];
    private int size;
    private long total;
    private byte[] tail;
    private int tailPosition;
    private int tailFilled;
    private boolean overBudget;
    private byte[] scratch;

    BodyCapture(int limit, Reservation reservation, Object owner) {
        this.limit = limit;
        this.reservation = reservation;
        this.owner = owner;
        this.headSize = Math.min(MAX_HEAD, limit / 4);
        this.tailSize = Math.max(headSize, Math.min(MAX_TAIL, limit / 2));
    }

    /** Sizes the first buffer from a declared Content-Length, when there is one. */
    void expect(long contentLength) {
        if (contentLength > 0 && buffer.length == 0 && !overBudget) {
            grow((int) Math.min(contentLength, limit));
        }
    }

    void append(byte[] bytes, int offset, int length) {
        if (length <= 0 || overBudget) {
            total += Math.max(length, 0);
            return;
        }
        total += length;
        if (tail == null && size + length <= limit) {
            if (size + length > buffer.length && !grow(Math.max(size + length, Math.min(limit,
                    Math.max(INITIAL, buffer.length * 2))))) {
                return;
            }
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
            return;
        }
        if (tail == null && !startTail()) {
            return;
        }
        appendToTail(bytes, offset, length);
    }

    /** Copies the buffer's remaining bytes without moving its position (the application reads them next). */
    void append(ByteBuffer bytes) {
        int length = bytes.remaining();
        if (bytes.hasArray()) {
            append(bytes.array(), bytes.arrayOffset() + bytes.position(), length);
            return;
        }
        // Direct and read-only buffers (the JDK client hands out read-only ones) go through one small array.
        if (scratch == null) {
            scratch = new byte[SCRATCH];
        }
        for (int done = 0; done < length; done += SCRATCH) {
            int chunk = Math.min(SCRATCH, length - done);
            bytes.get(bytes.position() + done, scratch, 0, chunk);
            append(scratch, 0, chunk);
        }
    }

    /** Forgets everything captured so far (a retried attempt starts its body afresh). */
    void reset() {
        reservation.give(buffer.length + (tail == null ? 0 : tail.length));
        buffer = new byte[0];
        size = 0;
        total = 0;
        tail = null;
        tailPosition = 0;
        tailFilled = 0;
        overBudget = false;
    }

    boolean overBudget() {
        return overBudget;
    }

    CapturedBody finish() {
        if (tail == null) {
            return CapturedBody.whole(buffer, size);
        }
        if (tailFilled < tailSize) {
            return CapturedBody.split(buffer, size, tail, tailFilled, total);
        }
        byte[] ordered = new byte[tailSize];
        int firstPart = tailSize - tailPosition;
        System.arraycopy(tail, tailPosition, ordered, 0, firstPart);
        System.arraycopy(tail, 0, ordered, firstPart, tailPosition);
        return CapturedBody.split(buffer, size, ordered, tailSize, total);
    }

    private boolean grow(int capacity) {
        if (!reserve(capacity - buffer.length)) {
            return false;
        }
        byte[] bigger = new byte[capacity];
        System.arraycopy(buffer, 0, bigger, 0, size);
        buffer = bigger;
        return true;
    }

    /**
     * Past the limit: keep the first {@code headSize} bytes, and from now on a ring of the last {@code tailSize}
     * bytes, seeded with what followed the head. The big buffer is given back.
     */
    private boolean startTail() {
        if (!reserve(tailSize)) {
            return false;
        }
        tail = new byte[tailSize];
        int headLength = Math.min(size, headSize);
        int keep = Math.min(size - headLength, tailSize);
        appendToTail(buffer, size - keep, keep);
        byte[] head = new byte[headLength];
        System.arraycopy(buffer, 0, head, 0, headLength);
        reservation.give(buffer.length - headLength);
        buffer = head;
        size = headLength;
        return true;
    }

    private void appendToTail(byte[] bytes, int offset, int length) {
        tailFilled = (int) Math.min(tailSize, (long) tailFilled + length);
        if (length >= tailSize) {
            System.arraycopy(bytes, offset + length - tailSize, tail, 0, tailSize);
            tailPosition = 0;
            return;
        }
        int first = Math.min(length, tailSize - tailPosition);
        System.arraycopy(bytes, offset, tail, tailPosition, first);
        System.arraycopy(bytes, offset + first, tail, 0, length - first);
        tailPosition = (tailPosition + length) % tailSize;
    }

    private boolean reserve(long bytes) {
        if (reservation.reserve(owner, bytes)) {
            return true;
        }
        overBudget = true;
        return false;
    }
}
