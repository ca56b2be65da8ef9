package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.Structure;
import java.lang.reflect.Method;

/** Field offsets of any JNA structure, for the layout tests: {@code Structure.fieldOffset} is protected. */
final class StructureLayout {
    private static final Method FIELD_OFFSET;

    static {
        try {
            FIELD_OFFSET = Structure.class.getDeclaredMethod("fieldOffset", String.class);
            FIELD_OFFSET.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StructureLayout() {}

    static int offset(Structure structure, String field) {
        try {
            return (int) FIELD_OFFSET.invoke(structure, field);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no offset for " + field + " in " + structure.getClass().getName(), e);
        }
    }
}
