package dev.llmcost.collector.ship;

import dev.llmcost.collector.CollectorException;
import dev.llmcost.collector.write.AtomicFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The shipper's stable id, kept in the queue directory it ships ({@value #FILE}): it names the shipper's position
 * on the positions topic and its transactional id, so it must be the same after every restart and the same for two
 * shippers started on one queue at once (the second then fences the first instead of shipping the queue again).
 * It lives with the queue because it belongs to the queue: a new queue directory is a new shipper that starts from
 * its beginning.
 */
public final class ShipperId {

    public static final String FILE = "llmcost-shipper.id";

    private static final String VALID = "[A-Za-z0-9._-]{1,200}";

    private ShipperId() {
    }

    /** The id in {@code queueDirectory}, created there the first time (atomically: whoever links first wins). */
    public static String loadOrCreate(Path queueDirectory) throws CollectorException {
        Path file = queueDirectory.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(queueDirectory);
                create(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new CollectorException("cannot keep the shipper's id in " + file + ": " + e, e);
        }
    }

    /**
     * Writes a fresh id to a temporary file and hard-links it into place: a link never replaces a file, so of two
     * shippers starting together one id wins and both read it; and a reader never sees a half-written file.
     */
    private static void create(Path file) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap((fresh() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException anotherShipperWon) {
                return;
            } catch (UnsupportedOperationException noHardLinks) {
                // A file system without links: a move that does not replace is the nearest (its check and rename
                // are two steps, so two shippers starting in the same instant could each see their own id once).
                try {
                    Files.move(temporary, file);
                } catch (FileAlreadyExistsException anotherShipperWon) {
                    return;
                }
            }
            AtomicFiles.syncDirectory(file.getParent());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String read(Path file) throws IOException, CollectorException {
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!id.matches(VALID)) {
            throw new CollectorException(file + " does not hold a shipper id (letters, digits, '.', '_', '-'); "
                    + "restore it, or delete it to ship this queue again from its start as a new shipper");
        }
        return id;
    }

    /** The host's name (for people reading the positions topic) and 64 random bits (for uniqueness). */
    static String fresh() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "host";
            }
        }
        host = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return host + "-" + HexFormat.of().formatHex(random);
    }
}
