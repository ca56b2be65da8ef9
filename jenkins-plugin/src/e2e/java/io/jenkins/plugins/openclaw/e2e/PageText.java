package io.jenkins.plugins.openclaw.e2e;

import java.util.regex.Pattern;

/**
 * The text a reader sees on a Jenkins page, from its HTML (scripts, styles, templates and icons dropped, whitespace
 * collapsed): what HTTP-level assertions check, readable when they fail. Rendering itself is checked in Chromium.
 */
public final class PageText {
    private static final Pattern HIDDEN = Pattern.compile(
            "(?is)<(script|style|template|svg|head)\\b.*?</\\1>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private PageText() {}

    public static String of(String html) {
        String text = TAG.matcher(HIDDEN.matcher(html).replaceAll(" ")).replaceAll(" ");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
        return SPACE.matcher(text).replaceAll(" ").strip();
    }
}
