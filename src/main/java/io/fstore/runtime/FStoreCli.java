package io.fstore.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import io.fstore.definition.DefinitionLoader;
import io.fstore.definition.InvalidDefinitionException;
import io.fstore.model.FeatureGroup;

/**
 * {@code java -jar fstore.jar [validate]}: validates configuration and feature groups, then (without
 * {@code validate}) runs FStore until stopped. Invalid configuration exits 1 before anything starts.
 */
public final class FStoreCli {

    private FStoreCli() {
    }

    public static int run(String[] args) throws Exception {
        Path workDir = Path.of("").toAbsolutePath();
        boolean validateOnly = args.length > 0 && args[0].equals("validate");
        Properties props;
        FStoreSettings settings;
        Path featuresDir;
        List<FeatureGroup> groups;
        try {
            props = ConfigFiles.load(workDir);
            settings = FStoreSettings.from(props, ConfigFiles.FILE);
            featuresDir = ConfigFiles.featuresDir(settings.featuresDir());
            groups = new DefinitionLoader(settings.datasources().keySet()).loadDirectory(featuresDir);
        } catch (InvalidDefinitionException e) {
            System.err.println("FStore cannot start: " + e.getMessage());
            return 1;
        }
        if (validateOnly) {
            System.out.println("OK: " + groups.size() + " feature group(s) valid in "
                    + featuresDir.toUri() + ": "
                    + String.join(", ", groups.stream().map(FeatureGroup::name).toList()));
            return 0;
        }
        try (FStoreRuntime runtime = new FStoreRuntime(workDir, props, settings, groups)) {
            runtime.run(Arrays.copyOf(args, args.length));
        }
        return 0;
    }
}
