package dev.llmcost.collector;

import dev.llmcost.collector.price.PriceCatalog;
import dev.llmcost.collector.price.PriceCatalogReader;
import dev.llmcost.collector.price.PriceFileException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code prices check FILE}: validates a user's price file the way {@code collect --prices} will read it, and
 * names every problem by line and field — so a bad file is caught before a collector run refuses it.
 */
final class PricesCommand {

    private final PrintStream out;

    PricesCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException {
        if (args.size() != 2 || !args.get(0).equals("check")) {
            throw new CollectorException("usage: prices check FILE");
        }
        Path file = Path.of(args.get(1));
        PriceCatalog catalog = catalogWith(file.toString());
        out.println(file + ": valid, " + catalog.entries().size() + " price entr"
                + (catalog.entries().size() == 1 ? "y" : "ies") + " over the bundled catalog");
        return 0;
    }

    /** The bundled catalog, overridden by {@code pricesFile} when there is one. */
    static PriceCatalog catalogWith(String pricesFile) throws CollectorException {
        PriceCatalog bundled = PriceCatalog.bundled();
        if (pricesFile == null) {
            return bundled;
        }
        Path file = Path.of(pricesFile);
        try (InputStream in = Files.newInputStream(file)) {
            return PriceCatalogReader.read(in, file.toString(), bundled);
        } catch (PriceFileException e) {
            throw new CollectorException("the price file cannot be used: " + e.getMessage());
        } catch (IOException e) {
            throw new CollectorException("cannot read the price file " + file + ": " + e.getMessage(), e);
        }
    }
}
