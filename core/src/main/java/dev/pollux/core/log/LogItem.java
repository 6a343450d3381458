package dev.pollux.core.log;

/** One compiled piece of a {@link LogFormat}: a directive or a run of literal text. Stateless or thread-safe. */
@FunctionalInterface
interface LogItem {

    /** Appends this item's text for {@code entry} to {@code out}. */
    void append(AccessLogEntry entry, StringBuilder out);
}
