package io.rwe.ingest;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * How {@link Ingest} reads one dated delivery folder of an input model. Everything else — which
 * deliveries are new, the immutability of those already ingested, the accounting files, the nightly
 * merge and the atomic publish — is the same for every model.
 */
public interface DeliveryFormat {

    /** The name of the input model whose deliveries these are ({@link InputModel#name()}). */
    String model();

    /**
     * Checks every file of a new delivery folder before any record of any new delivery is read (the
     * whole-file refusals: {@link io.rwe.core.BadInputException} naming the file); notes ignored
     * columns on {@code log}.
     */
    Delivery inspect(Path folder, LocalDate date, IngestSettings settings, PrintStream log);

    /** One inspected delivery, ready to be read. */
    interface Delivery {

        /** Every file whose checksum the delivery's accounting records (each under its path relative to the folder). */
        List<Path> files();

        /** The CSV files among them, to be surveyed for parallel reading. */
        List<? extends CsvSource> csvFiles();

        /**
         * Every file's identity when it was inspected, before any reading ({@link FileSnapshot}): the
         * delivery is committed only if each is still the same file.
         */
        Map<Path, FileSnapshot> snapshots();

        /**
         * Reads the delivery into a {@link DeliveryStage} and commits it; returns its accounting (one
         * entry per file of {@link #files()}). {@code surveys} holds every file's checksum and, for the
         * CSV files, how to read them; {@code beforeCommit} is handed to {@link DeliveryStage#commit}.
         */
        ExtractAccounting ingest(SparkSession spark, IngestSettings settings, Warehouse wh,
                                 Map<Path, ExtractReader.Survey> surveys, ExtractReader reader,
                                 Consumer<ExtractAccounting> beforeCommit);
    }
}
