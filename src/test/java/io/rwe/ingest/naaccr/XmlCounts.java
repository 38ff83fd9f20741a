package io.rwe.ingest.naaccr;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * An independent count of a NAACCR XML file with the JDK's StAX parser (not the NAACCR library the
 * ingest uses): per {@code <Patient>} element its patientIdNumber, the line its start tag is on and its
 * number of tumors, in file order.
 */
record XmlCounts(Map<Integer, Patient> patients) {

    record Patient(String id, long line, int tumors) {
    }

    static XmlCounts of(Path file) {
        Map<Integer, Patient> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = XMLInputFactory.newFactory().createXMLStreamReader(in);
            int depth = 0;
            String id = null;
            long line = 0;
            int tumors = 0;
            String item = null;
            StringBuilder text = new StringBuilder();
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = r.getLocalName();
                    if (name.equals("Patient")) {
                        id = null;
                        tumors = 0;
                        line = r.getLocation().getLineNumber();
                    } else if (name.equals("Tumor")) {
                        tumors++;
                    } else if (name.equals("Item") && depth == 3) {
                        item = r.getAttributeValue(null, "naaccrId");
                        text.setLength(0);
                    }
                } else if (e == XMLStreamConstants.CHARACTERS && item != null) {
                    text.append(r.getText());
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    String name = r.getLocalName();
                    if (name.equals("Item") && item != null) {
                        if (item.equals("patientIdNumber")) {
                            id = text.toString();
                        }
                        item = null;
                    } else if (name.equals("Patient")) {
                        out.put(out.size(), new Patient(id, line, tumors));
                    }
                    depth--;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot count " + file, e);
        }
        return new XmlCounts(out);
    }

    long tumors() {
        return patients.values().stream().mapToLong(Patient::tumors).sum();
    }
}
