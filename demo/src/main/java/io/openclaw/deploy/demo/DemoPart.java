package io.openclaw.deploy.demo;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The parts of the demo a person can choose with {@code --only}, by the names they type. */
enum DemoPart {
    BLUE_GREEN("blue-green"),
    CANARY("canary"),
    FLAGS("flags");

    private final String label;

    DemoPart(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static String labels() {
        return Arrays.stream(values()).map(DemoPart::label).collect(Collectors.joining(", "));
    }

    /** Turns {@code blue-green}, {@code canary} or {@code flags} into a part; anything else is a usage error. */
    static final class Converter implements ITypeConverter<DemoPart> {
        @Override
        public DemoPart convert(String value) {
            return Arrays.stream(values())
                    .filter(p -> p.label.equalsIgnoreCase(value.trim()))
                    .findFirst()
                    .orElseThrow(() -> new TypeConversionException(
                            "unknown part '" + value + "' (one of " + labels() + ")"));
        }
    }
}
