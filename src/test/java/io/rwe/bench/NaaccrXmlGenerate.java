package io.rwe.bench;

import io.rwe.ingest.naaccr.NaaccrGenerated;
import java.nio.file.Path;

/**
 * Writes the NAACCR XML file of bench/naaccr-bench.sh and of the 10^5 run of NaaccrReplicateIT: N
 * patients of one tumor each, written by the NAACCR data generator with HCC primaries and metastatic
 * sites at diagnosis set through its rule API (NaaccrGenerated). Usage: {@code NaaccrXmlGenerate FILE
 * PATIENTS [SEED]}.
 */
public final class NaaccrXmlGenerate {

    private NaaccrXmlGenerate() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int patients = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        long t0 = System.nanoTime();
        NaaccrGenerated.hcc(seed).tumorsPerPatient(1).write(file, patients);
        System.err.printf(java.util.Locale.ROOT, "%s: %d patients in %.1f s%n", file, patients, (System.nanoTime() - t0) / 1e9);
    }
}
