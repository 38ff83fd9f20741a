package io.rwe.ingest.naaccr;

import com.imsweb.naaccrxml.NaaccrIOException;
import com.imsweb.naaccrxml.NaaccrOptions;
import com.imsweb.naaccrxml.NaaccrXmlDictionaryUtils;
import com.imsweb.naaccrxml.PatientXmlReader;
import com.imsweb.naaccrxml.entity.NaaccrData;
import com.imsweb.naaccrxml.entity.dictionary.NaaccrDictionary;
import com.imsweb.naaccrxml.runtime.RuntimeNaaccrDictionary;
import io.rwe.core.BadInputException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One NAACCR XML file of an extract, inspected on the driver before any record is read: its root
 * element ({@code <NaaccrData>}: base dictionary, record type, user dictionaries, root items) is read
 * by {@code com.imsweb:naaccr-xml}, and the file is refused whole, with one line naming it and what is
 * wrong, when it is empty, not NAACCR XML, of a NAACCR version not accepted, or references a user
 * dictionary that is not configured (or one that cannot be combined with its base dictionary).
 *
 * @param path          the file
 * @param name          its name inside the extract folder (the accounting's key)
 * @param size          its size in bytes
 * @param headerEnd     the offset of its first {@code <Patient>} start tag (the size when it has none)
 * @param header        the text before it (the XML declaration and the root's start tag and items)
 * @param version       the NAACCR version of its base dictionary ({@code 230})
 */
record NaaccrFile(Path path, String name, long size, long headerEnd, String header, String version) {

    /** Root tags longer than this are refused (a header holds a few root items, not megabytes). */
    static final int MAX_HEADER = 4 << 20;

    /** Inspects {@code path}; a file that cannot be read as NAACCR XML is a {@link BadInputException}. */
    static NaaccrFile inspect(Path path, NaaccrSettings settings) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (size == 0) {
            throw new BadInputException(path + ": empty file (0 bytes); a NAACCR XML file holds one NaaccrData element");
        }
        long headerEnd;
        String header;
        List<PatientTags.Tag> first = PatientTags.scan(path.toString(), 0, Math.min(size, MAX_HEADER), 1, true).tags();
        headerEnd = first.isEmpty() ? size : first.get(0).offset();
        if (headerEnd > MAX_HEADER) {
            throw new BadInputException(path + ": no <Patient> element in the first " + MAX_HEADER + " bytes; not "
                    + "NAACCR XML, or its elements carry a namespace prefix (write them in the default namespace)");
        }
        header = new String(PatientTags.bytes(path.toString(), 0, headerEnd), StandardCharsets.UTF_8);
        NaaccrData root = readRoot(path, header + (headerEnd < size ? "</NaaccrData>" : ""), settings);
        String version = NaaccrXmlDictionaryUtils.extractVersionFromUri(root.getBaseDictionaryUri());
        if (!settings.versions().contains(version)) {
            throw new BadInputException(path + ": NAACCR version " + version + " (" + root.getBaseDictionaryUri()
                    + ") is not accepted; accepted: " + String.join(", ", settings.versions()) + " (rwe.naaccr.versions)");
        }
        checkDictionaries(path, root, settings);
        return new NaaccrFile(path, path.getFileName().toString(), size, headerEnd, header, version);
    }

    /** The options every reader of the project uses: values validated, unknown items reported, dictionaries required. */
    static NaaccrOptions options() {
        NaaccrOptions o = new NaaccrOptions();
        o.setValidateReadValues(true);
        o.setUnknownItemHandling(NaaccrOptions.ITEM_HANDLING_ERROR);
        o.setAllowMissingDictionary(false);
        o.setIgnoreExtensions(true);
        return o;
    }

    private static NaaccrData readRoot(Path path, String text, NaaccrSettings settings) {
        try (PatientXmlReader reader = new PatientXmlReader(new StringReader(text), options(),
                NaaccrDictionaries.user(settings))) {
            return reader.getRootData();
        } catch (NaaccrIOException e) {
            throw new BadInputException(path + (e.getLineNumber() != null ? ":" + e.getLineNumber() : "")
                    + ": not a NAACCR XML file (" + e.getMessage() + ")");
        }
    }

    private static void checkDictionaries(Path path, NaaccrData root, NaaccrSettings settings) {
        NaaccrDictionary base = NaaccrXmlDictionaryUtils.getBaseDictionaryByUri(root.getBaseDictionaryUri());
        List<NaaccrDictionary> user = new ArrayList<>();
        for (NaaccrDictionary d : NaaccrDictionaries.user(settings)) {
            if (root.getUserDictionaryUri().contains(d.getDictionaryUri())) {
                user.add(d);
            }
        }
        try {
            new RuntimeNaaccrDictionary(root.getRecordType(), base, user);
        } catch (NaaccrIOException e) {
            throw new BadInputException(path + ": its dictionaries cannot be combined (" + e.getMessage() + ")");
        }
    }
}
