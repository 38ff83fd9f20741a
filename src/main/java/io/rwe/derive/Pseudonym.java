package io.rwe.derive;

import static org.apache.spark.sql.functions.udf;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The keyed pseudonym of a patient: {@code patient_key = hex(HMAC-SHA-256(key, UTF-8(patient_id)))}
 * (RFC 2104, FIPS 180-4), 64 lower-case hex digits. Without the key the registry id cannot be
 * recovered nor checked against a guess. The key is {@code rwe.privacy.pseudonym-key} (set through
 * {@code RWE_PSEUDONYM_KEY}); when none is configured, {@link #fromConfig} draws a random 256-bit key
 * for this run alone (pseudonyms then differ between runs) and says so on standard error.
 */
public final class Pseudonym implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Configuration key of the secret. */
    public static final String CONFIG_KEY = "rwe.privacy.pseudonym-key";

    private final byte[] key;
    private final boolean configured;

    private Pseudonym(byte[] key, boolean configured) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty pseudonym key");
        }
        this.key = key.clone();
        this.configured = configured;
    }

    /** A pseudonym under {@code secret} (its UTF-8 bytes are the HMAC key). */
    public static Pseudonym withKey(String secret) {
        return new Pseudonym(secret.getBytes(StandardCharsets.UTF_8), true);
    }

    /** A pseudonym under a fresh random 256-bit key. */
    public static Pseudonym randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new Pseudonym(k, false);
    }

    /** The configured key, or a random per-run key with a warning when none (or an empty one) is set. */
    public static Pseudonym fromConfig(Config config) {
        if (config.hasPath(CONFIG_KEY) && !config.getString(CONFIG_KEY).isEmpty()) {
            return withKey(config.getString(CONFIG_KEY));
        }
        System.err.println("warning: no pseudonym key configured (" + CONFIG_KEY + ", RWE_PSEUDONYM_KEY): "
                + "patient_key uses a random key of this run and will differ between runs");
        return randomKey();
    }

    /** True when the key came from the configuration (stable across runs). */
    public boolean configured() {
        return configured;
    }

    /** The pseudonym of one registry id. */
    public String of(String patientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A Spark column computing {@link #of} of {@code patientId} on the executors (null stays null). */
    public Column column(Column patientId) {
        final byte[] k = key.clone();
        UDF1<String, String> f = new UDF1<>() {
            private static final long serialVersionUID = 1L;
            private transient Mac mac;

            @Override
            public String call(String id) throws Exception {
                if (id == null) {
                    return null;
                }
                if (mac == null) {
                    mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(k, "HmacSHA256"));
                }
                return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
            }
        };
        UserDefinedFunction u = udf(f, DataTypes.StringType);
        return u.apply(patientId);
    }
}
