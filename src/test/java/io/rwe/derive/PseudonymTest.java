package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.rwe.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** patient_key = hex(HMAC-SHA-256(key, patient_id)). */
class PseudonymTest {

    @Test
    void hmacSha256MatchesRfc4231TestCase2() {
        // RFC 4231, 4.3 Test Case 2: Key = "Jefe", Data = "what do ya want for nothing?",
        // HMAC-SHA-256 = 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843.
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Pseudonym.withKey("Jefe").of("what do ya want for nothing?"));
    }

    @Test
    void sparkColumnEqualsTheDriverFunction() {
        Pseudonym p = Pseudonym.withKey("Jefe");
        List<Row> rows = TestSpark.session().sql("SELECT 'what do ya want for nothing?' AS id UNION ALL SELECT 'P1'"
                + " UNION ALL SELECT CAST(NULL AS STRING)").select(p.column(functions.col("id")).as("k"))
                .collectAsList();
        assertTrue(rows.stream().anyMatch(r -> "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
                .equals(r.getString(0))));
        assertTrue(rows.stream().anyMatch(r -> p.of("P1").equals(r.getString(0))));
        assertTrue(rows.stream().anyMatch(r -> r.isNullAt(0)));
    }

    @Test
    void keyFromConfigurationOrRandomPerRun() {
        Pseudonym configured = Pseudonym.fromConfig(ConfigFactory.parseMap(Map.of(Pseudonym.CONFIG_KEY, "s3cret")));
        assertTrue(configured.configured());
        assertEquals(Pseudonym.withKey("s3cret").of("P1"), configured.of("P1"));
        Pseudonym a = Pseudonym.fromConfig(ConfigFactory.empty());
        Pseudonym b = Pseudonym.fromConfig(ConfigFactory.empty());
        assertFalse(a.configured());
        assertNotEquals(a.of("P1"), b.of("P1"));
        assertEquals(64, a.of("P1").length());
    }
}
