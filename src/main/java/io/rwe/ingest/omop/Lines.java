package io.rwe.ingest.omop;

import io.rwe.ingest.KeyRules;
import java.util.List;

/**
 * The {@code _line} of a record of an OMOP delivery: its file's number in the high bits and its line
 * (CSV: the physical line where the record starts, the header being line 1; Parquet: the row's
 * position, from 1) in the low {@value #BITS} bits. One number orders the records of all the files
 * feeding one curated table (the key rules keep the first) and names each in messages.
 */
final class Lines {
    static final int BITS = 40;
    static final long MASK = (1L << BITS) - 1;

    private Lines() {
    }

    static long of(int file, long line) {
        return ((long) file << BITS) | line;
    }

    static int file(long composite) {
        return (int) (composite >>> BITS);
    }

    static long line(long composite) {
        return composite & MASK;
    }

    /** Messages name a record as {@code measurement.csv line 12}. */
    static KeyRules.LineNames names(List<OmopInput> inputs) {
        String[] names = inputs.stream().map(OmopInput::name).toArray(String[]::new);
        return composite -> names[file(composite)] + " line " + line(composite);
    }
}
