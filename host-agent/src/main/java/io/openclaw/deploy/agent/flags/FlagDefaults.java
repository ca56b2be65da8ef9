package io.openclaw.deploy.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Reads default flags from YAML: a release's {@code flags.yaml} (beside {@code openclaw.yaml}) and the
 * {@code feature_flags:} list of {@code agent.yaml}, both in the spec's 7.2 shape. Every flag is validated; one bad
 * flag refuses the whole file, naming it.
 */
public final class FlagDefaults {
    public static final String RELEASE_FILE = "flags.yaml";
    public static final String KEY = "feature_flags";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private FlagDefaults() {}

    /** The flags of a release directory; none when it has no {@code flags.yaml}. */
    public static List<Flag> ofRelease(Path releaseDir) throws IOException {
        Path file = releaseDir.resolve(RELEASE_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return ofReleaseFile(YAML.readTree(file.toFile()));
    }

    /**
     * The flags of a release's {@code flags.yaml} read from elsewhere (the artifact zip, before the release is
     * installed), validated exactly as {@link #ofRelease} does.
     *
     * @throws InvalidFlagException naming the first bad flag or key
     */
    public static List<Flag> ofReleaseFile(InputStream in) throws IOException {
        return ofReleaseFile(YAML.readTree(in));
    }

    private static List<Flag> ofReleaseFile(JsonNode root) {
        if (root != null && root.isObject()) {
            // flags.yaml holds nothing else: a misspelt key would otherwise drop the release's flags without a word.
            for (var names = root.fieldNames(); names.hasNext(); ) {
                String key = names.next();
                if (!key.equals(KEY)) {
                    throw new InvalidFlagException(RELEASE_FILE + ": " + key,
                            "unknown key (a release's flags.yaml holds only '" + KEY + "')");
                }
            }
        } else if (root != null && !root.isNull() && !root.isMissingNode()) {
            throw new InvalidFlagException(RELEASE_FILE, "must be a mapping with the key '" + KEY + "'");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        JsonNode list = root.get(KEY);
        if (list == null || list.isNull()) {
            return List.of();
        }
        return parse(list, RELEASE_FILE);
    }

    /**
     * The {@code feature_flags:} list of a YAML file (a release's {@code flags.yaml} or {@code agent.yaml}); none when
     * the file or the key is absent.
     */
    public static List<Flag> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JsonNode root = YAML.readTree(file.toFile());
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        JsonNode list = root.isObject() ? root.get(KEY) : null;
        if (list == null || list.isNull()) {
            return List.of();
        }
        return parse(list, file.getFileName().toString());
    }

    static List<Flag> parse(JsonNode list, String source) {
        if (!list.isArray()) {
            throw new InvalidFlagException(source + ": " + KEY, "must be a list of flags");
        }
        List<Flag> flags = new ArrayList<>();
        var names = new HashSet<String>();
        for (int i = 0; i < list.size(); i++) {
            String at = source + ": " + KEY + "[" + i + "]";
            Flag flag;
            try {
                flag = FlagParser.parse(list.get(i), null);
            } catch (InvalidFlagException e) {
                throw new InvalidFlagException(at + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
            }
            if (!names.add(flag.name())) {
                throw new InvalidFlagException(at + ".name", "'" + flag.name() + "' is defined twice");
            }
            flags.add(flag);
        }
        return flags;
    }
}
