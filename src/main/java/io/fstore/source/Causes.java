package io.fstore.source;

import java.util.Optional;
import java.util.function.Predicate;

/** A failure and its causes, walked from the outermost (Camel wraps what components throw, often twice). */
public final class Causes {

    private Causes() {
    }

    /** True when the failure or one of its causes matches. */
    public static boolean any(Throwable error, Predicate<Throwable> test) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    /** The outermost of the failure and its causes that is a {@code type}. */
    public static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** The innermost cause (the failure itself when it has none): usually the server's or the library's own reason. */
    public static Throwable root(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
