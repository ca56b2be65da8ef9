package net.sf.json;

/** Stand-in of json-lib's {@code JSONObject} (Jenkins ships the Stapler fork): only the members the plugin uses;
 * the real class also extends AbstractJSON and implements JSON, Map and Comparable. */
public final class JSONObject {
    public JSONObject() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public boolean has(String key) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public Object get(String key) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /** jenkinsci/json-lib src/main/java/net/sf/json/JSONObject.java: {@code public String optString(String key, String defaultValue)}. */
    public String optString(String key, String defaultValue) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /** jenkinsci/json-lib src/main/java/net/sf/json/JSONObject.java: {@code public Object remove(String key)}. */
    public Object remove(String key) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
