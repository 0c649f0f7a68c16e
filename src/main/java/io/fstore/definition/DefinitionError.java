package io.fstore.definition;

/**
 * One thing wrong with a definition or a setting: where it is, which field, what is wrong and what to write instead.
 *
 * @param line 1-based, or 0 when the problem has no single line (e.g. a missing file)
 */
public record DefinitionError(String file, int line, String field, String problem, String expected) {

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        String text = where + ": field '" + field + "': " + problem;
        return expected.isEmpty() ? text : text + "; expected " + expected;
    }
}
