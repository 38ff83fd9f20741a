package io.rwe.synth;
public final class RegistryProfile {
    public RegistryProfile(RegistryParams p, long seed, double dirty, int extracts) { }
    public java.util.List<java.nio.file.Path> write(org.apache.spark.sql.SparkSession s, java.nio.file.Path out, long n) { throw new UnsupportedOperationException(); }
}
