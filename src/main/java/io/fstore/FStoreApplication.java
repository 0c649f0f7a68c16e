package io.fstore;

import io.fstore.runtime.FStoreCli;

/** FStore's entry point; see {@link FStoreCli} for the commands. */
public final class FStoreApplication {

    private FStoreApplication() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(FStoreCli.run(args));
    }
}
