package io.openclaw.deploy.agent.config.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into {@link YamlNode}s with their positions, using Jackson's streaming YAML parser (the
 * tree model would drop the positions). Duplicate keys are refused: YAML forbids them and silently keeping the last
 * one would hide a mistake. Aliases are refused too.
 */
public final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTree() {}

    /**
     * @return the document's root, or a null scalar for an empty document
     * @throws YamlProblem for a syntax error or a duplicate key, with its position
     */
    public static YamlNode parse(InputStream in) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Scalar(Location.START, "", YamlNode.Scalar.Kind.NULL);
            }
            YamlNode root = read(parser, "");
            if (parser.nextToken() != null) {
                throw new YamlProblem("", location(parser.currentTokenLocation()), "must hold a single YAML document");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new YamlProblem("", where == null ? Location.START : location(where),
                    "is not valid YAML: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static YamlNode read(JsonParser parser, String path) throws IOException {
        Location at = location(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson hands an alias over as its anchor's name, which would silently become the value.
            throw new YamlProblem(path, at, "uses the YAML alias *" + parser.getText() + "; aliases are not supported, write the value out");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, Location> keys = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Location keyAt = location(parser.currentTokenLocation());
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    if (entries.containsKey(key)) {
                        throw new YamlProblem(childPath, keyAt, "is given twice (first on line " + keys.get(key).line() + ")");
                    }
                    parser.nextToken();
                    keys.put(key, keyAt);
                    entries.put(key, read(parser, childPath));
                }
                return new YamlNode.Mapping(at, entries, keys);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, path + "[" + items.size() + "]"));
                }
                return new YamlNode.Sequence(at, items);
            }
            case VALUE_STRING -> {
                return new YamlNode.Scalar(at, parser.getText(), YamlNode.Scalar.Kind.STRING);
            }
            case VALUE_NUMBER_INT -> {
                return new YamlNode.Scalar(at, parser.getText(), YamlNode.Scalar.Kind.INTEGER);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new YamlNode.Scalar(at, parser.getText(), YamlNode.Scalar.Kind.FLOAT);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YamlNode.Scalar(at, parser.getText(), YamlNode.Scalar.Kind.BOOLEAN);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(at, "", YamlNode.Scalar.Kind.NULL);
            }
            default -> throw new YamlProblem(path, at, "holds an unsupported YAML construct (" + token + ")");
        }
    }

    private static Location location(JsonLocation l) {
        return new Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
