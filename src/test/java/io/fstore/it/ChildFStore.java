package io.fstore.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** FStore as users run it: {@code java -jar target/fstore.jar} in a working directory of the test's own. */
final class ChildFStore {

    static final Path JAR = Path.of("target", "fstore.jar").toAbsolutePath();

    private ChildFStore() {
    }

    static Process start(Path workDir, String log, String... args) throws IOException {
        return start(workDir, log, List.of(), args);
    }

    /** @param jvmArgs options for the JVM, before {@code -jar} (e.g. {@code -Dfstore.data-dir=...}) */
    static Process start(Path workDir, String log, List<String> jvmArgs, String... args) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests with mvn verify");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(jvmArgs);
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-Dcamel.management.port="))) {
            // the management server's default port (9876) may be taken by an FStore the developer runs
            command.add("-Dcamel.management.port=" + FStoreHarness.freePort());
        }
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(workDir.resolve(log).toFile()).start();
    }
}
