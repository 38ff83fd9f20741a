package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;

/**
 * Display labels of results.json keys, by kind ({@code groups}, {@code scopes}, {@code endpoints},
 * {@code flow}, {@code variables}, {@code categories}, {@code terms}, {@code analyses}): the study's own
 * ({@code rwe.study.labels.<kind>.<key>}), else the study-neutral one of the report
 * ({@code rwe.report.labels.<kind>.<key>}), else the key itself.
 */
public record Labels(Config config) {

    public String of(String kind, String key) {
        for (String root : new String[] {"rwe.study.labels", "rwe.report.labels"}) {
            String p = root + "." + ConfigUtil.joinPath(kind, key);
            if (config.hasPath(p)) {
                try {
                    return config.getString(p);
                } catch (com.typesafe.config.ConfigException.WrongType e) {
                    return key;
                }
            }
        }
        return key;
    }

    public String group(String g) {
        return of("groups", g);
    }

    public String scope(String s) {
        return of("scopes", s);
    }

    public String endpoint(String e) {
        return of("endpoints", e);
    }

    public String analysis(String a) {
        return of("analyses", a);
    }

    public String category(String c) {
        return of("categories", c);
    }

    public String flowStep(String s) {
        return of("flow", s);
    }

    public String term(String t) {
        return of("terms", t);
    }
}
