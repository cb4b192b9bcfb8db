package dev.llmcost.agent.provider.format;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContentEncodingsTest {

    private static final String JSON = "{\"id\":\"chatcmpl-1\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5}}";

    private static String text(CapturedBody body) {
        return new String(body.wholeBytes(), StandardCharsets.UTF_8);
    }

    private static CapturedBody body(byte[] bytes) {
        return CapturedBody.whole(bytes, bytes.length);
    }

    @Test
    void decodesGzipAndBothFormsOfDeflate() throws Exception {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(JSON.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(JSON, text(ContentEncodings.decode(body(gzip.toByteArray()), "gzip", 1 << 20)));
        for (boolean raw : new boolean[] {false, true}) {
            ByteArrayOutputStream deflate = new ByteArrayOutputStream();
            try (DeflaterOutputStream out = new DeflaterOutputStream(deflate, new Deflater(6, raw))) {
                out.write(JSON.getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(JSON, text(ContentEncodings.decode(body(deflate.toByteArray()), " Deflate", 1 << 20)));
        }
    }

    /** Apache HttpClient 5.6 decodes gzip and deflate for the application and keeps the header. */
    @Test
    void aBodyTheClientDecodedAlreadyIsReadAsItIs() {
        for (String encoding : new String[] {"gzip", "deflate", "br", "zstd"}) {
            CapturedBody plain = CapturedBody.of(JSON);
            assertEquals(JSON, text(ContentEncodings.decode(plain, encoding, 1 << 20)), encoding);
        }
    }
}
