package io.rwe.ingest.naaccr;

import com.imsweb.naaccrxml.NaaccrXmlDictionaryUtils;
import com.imsweb.naaccrxml.entity.dictionary.NaaccrDictionary;
import io.rwe.core.UsageException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user-defined dictionaries of the configuration, parsed once per JVM (driver and executors) by
 * {@code com.imsweb:naaccr-xml}; base dictionaries come with the library.
 */
final class NaaccrDictionaries {
    private static final Map<String, NaaccrDictionary> PARSED = new ConcurrentHashMap<>();

    private NaaccrDictionaries() {
    }

    /** The user dictionaries of {@code settings}, parsed; a dictionary the library refuses is a usage error. */
    static List<NaaccrDictionary> user(NaaccrSettings settings) {
        List<NaaccrDictionary> out = new ArrayList<>();
        for (String xml : settings.userDictionaries()) {
            out.add(PARSED.computeIfAbsent(xml, NaaccrDictionaries::parse));
        }
        return out;
    }

    private static NaaccrDictionary parse(String xml) {
        try {
            NaaccrDictionary d = NaaccrXmlDictionaryUtils.readDictionary(new StringReader(xml));
            List<String> errors = NaaccrXmlDictionaryUtils.validateUserDictionary(d);
            if (!errors.isEmpty()) {
                throw new UsageException("configuration: rwe.naaccr.user-dictionaries: " + d.getDictionaryUri() + ": "
                        + errors.get(0));
            }
            return d;
        } catch (IOException e) {
            throw new UsageException("configuration: rwe.naaccr.user-dictionaries: not a NAACCR dictionary ("
                    + e.getMessage() + ")");
        }
    }
}
