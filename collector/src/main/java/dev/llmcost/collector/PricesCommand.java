package dev.llmcost.collector;

import dev.llmcost.collector.price.PriceCatalog;
import dev.llmcost.collector.price.PriceCatalogReader;
import dev.llmcost.collector.price.PriceFileException;
import dev.llmcost.collector.price.LiteLlmImport;
import dev.llmcost.collector.write.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * {@code prices check FILE}: validates a user's price file the way {@code collect --prices} will read it, and
 * names every problem by line and field — so a bad file is caught before a collector run refuses it.
 */
final class PricesCommand {

    private final PrintStream out;

    PricesCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException, IOException {
        if (!args.isEmpty() && args.get(0).equals("import-litellm")) {
            return importLiteLlm(args.subList(1, args.size()));
        }
        if (args.size() != 2 || !args.get(0).equals("check")) {
            throw new CollectorException("usage: prices check FILE | prices import-litellm FILE --to PRICES_FILE "
                    + "[--valid-from DAY]");
        }
        Path file = Path.of(args.get(1));
        PriceCatalog catalog = catalogWith(file.toString());
        out.println(file + ": valid, " + catalog.entries().size() + " price entr"
                + (catalog.entries().size() == 1 ? "y" : "ies") + " over the bundled catalog");
        return 0;
    }

    /**
     * {@code prices import-litellm FILE --to OUT [--valid-from DAY]}: LiteLLM's price map as an llmcost price
     * file, valid from DAY (default today, UTC) so history keeps the prices it was billed at; checked before it
     * is written.
     */
    private int importLiteLlm(List<String> args) throws CollectorException, IOException {
        Arguments arguments = new Arguments(args, Set.of("to", "valid-from"), Set.of());
        if (arguments.positional().size() != 1 || arguments.value("to") == null) {
            throw new CollectorException("usage: prices import-litellm FILE --to PRICES_FILE [--valid-from DAY]");
        }
        Path source = Path.of(arguments.positional().get(0));
        LocalDate validFrom = arguments.day("valid-from") != null ? arguments.day("valid-from")
                : LocalDate.now(ZoneOffset.UTC);
        LiteLlmImport.Result result;
        try (InputStream in = Files.newInputStream(source)) {
            result = LiteLlmImport.convert(in, validFrom, source.getFileName().toString());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new CollectorException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        byte[] file = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result.priceFile());
        try {
            PriceCatalogReader.read(new java.io.ByteArrayInputStream(file), "imported prices", PriceCatalog.bundled());
        } catch (PriceFileException e) {
            throw new CollectorException("the import would not be a valid price file: " + e.getMessage());
        }
        Path target = Path.of(arguments.value("to"));
        AtomicFiles.write(target, file);
        out.println(target + ": " + result.imported() + " prices imported from " + source + ", valid from "
                + validFrom + " (" + result.skipped() + " entries left out: other providers, images/audio, "
                + "regional keys); use it with --prices");
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
