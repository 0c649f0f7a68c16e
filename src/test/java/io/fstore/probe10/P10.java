package io.fstore.probe10;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/** Helpers of the review probes of issue #10. */
final class P10 {

    private P10() {
    }

    /** Temporary folders named fstore-probe10-* (JUnit removes them). */
    static final class TempDirs implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            return Files.createTempDirectory("fstore-probe10-");
        }
    }
}
