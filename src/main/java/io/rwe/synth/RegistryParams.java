package io.rwe.synth;
public record RegistryParams(long patients, long seed) {
    public static RegistryParams from(com.typesafe.config.Config c) { return new RegistryParams(1000, 1); }
}
