package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.rwe.core.Configs;
import io.rwe.core.UsageException;
import org.junit.jupiter.api.Test;

/** rwe.ingest.concurrent-files: the shipped default, an override, and a refusal naming the key. */
class IngestSettingsTest {

    @Test
    void concurrentFilesDefaultsToTwoAndMustBePositive() {
        assertEquals(2, IngestSettings.fromConfig(Configs.load()).concurrentFiles(), "conf/registry.conf");
        assertEquals(2, IngestSettings.fromConfig(ConfigFactory.empty()).concurrentFiles(), "key absent");
        assertEquals(1, IngestSettings.fromConfig(ConfigFactory.parseString("rwe.ingest.concurrent-files = 1"))
                .concurrentFiles());
        UsageException e = assertThrows(UsageException.class, () -> IngestSettings.fromConfig(
                ConfigFactory.parseString("rwe.ingest.concurrent-files = 0")));
        assertTrue(e.getMessage().contains("rwe.ingest.concurrent-files"), e.getMessage());
    }
}
