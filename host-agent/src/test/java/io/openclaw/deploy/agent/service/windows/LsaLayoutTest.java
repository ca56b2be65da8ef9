package io.openclaw.deploy.agent.service.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.NTSecApi;
import com.sun.jna.ptr.PointerByReference;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The LSA structures and signatures the grant of "Log on as a service" relies on, checked on Linux against the
 * Windows SDK's layouts (lsalookup.h, ntsecapi.h) as JNA lays them out on this JVM.
 */
class LsaLayoutTest {
    private static final int P = Native.POINTER_SIZE;

    @Test
    void objectAttributesHasTheSdkLayoutAndItsOwnSizeInLength() {
        LsaApi.LSA_OBJECT_ATTRIBUTES attributes = new LsaApi.LSA_OBJECT_ATTRIBUTES();

        // ULONG, then a pointer aligned to its size; ULONG, pointer, pointer: 48 bytes on 64-bit, 24 on 32-bit.
        assertThat(attributes.size()).isEqualTo(6 * P).isEqualTo(P == 8 ? 48 : 24);
        assertThat(StructureLayout.offset(attributes, "Length")).isZero();
        assertThat(StructureLayout.offset(attributes, "RootDirectory")).isEqualTo(P);
        assertThat(StructureLayout.offset(attributes, "ObjectName")).isEqualTo(2 * P);
        assertThat(StructureLayout.offset(attributes, "Attributes")).isEqualTo(3 * P);
        assertThat(StructureLayout.offset(attributes, "SecurityDescriptor")).isEqualTo(4 * P);
        assertThat(StructureLayout.offset(attributes, "SecurityQualityOfService")).isEqualTo(5 * P);
        assertThat(attributes.Length).isEqualTo(attributes.size());
        assertThat(attributes.RootDirectory).isNull();
        assertThat(attributes.Attributes).isZero();
    }

    @Test
    void unicodeStringIsTwoUshortsAndAnAlignedPointer() {
        NTSecApi.LSA_UNICODE_STRING string = new NTSecApi.LSA_UNICODE_STRING();

        assertThat(string.size()).isEqualTo(2 * P).isEqualTo(P == 8 ? 16 : 8);
        assertThat(StructureLayout.offset(string, "Length")).isZero();
        assertThat(StructureLayout.offset(string, "MaximumLength")).isEqualTo(2);
        assertThat(StructureLayout.offset(string, "Buffer")).isEqualTo(P);
    }

    @Test
    void theRightsNameCountsBytesWithoutTheTerminator() {
        try (Memory buffer = LsaApi.bufferFor(LogonRights.SERVICE_LOGON)) {
            NTSecApi.LSA_UNICODE_STRING name = LsaApi.unicodeString(LogonRights.SERVICE_LOGON, buffer);
            name.write();

            assertThat(LogonRights.SERVICE_LOGON).isEqualTo("SeServiceLogonRight");
            assertThat(name.Length).isEqualTo((short) (19 * Native.WCHAR_SIZE));
            assertThat(name.MaximumLength).isEqualTo((short) (20 * Native.WCHAR_SIZE));
            assertThat(name.Buffer.getWideString(0)).isEqualTo("SeServiceLogonRight");
            assertThat(name.getPointer().getShort(0)).isEqualTo(name.Length);
            assertThat(name.getPointer().getPointer(P)).isEqualTo(buffer);
        }
    }

    @Test
    void aBufferTooSmallIsRefused() {
        try (Memory buffer = new Memory(4)) {
            assertThatThrownBy(() -> LsaApi.unicodeString("SeServiceLogonRight", buffer))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void accessRightsAreNtsecapiHs() {
        assertThat(LsaApi.POLICY_LOOKUP_NAMES).isEqualTo(0x800);
        assertThat(LsaApi.POLICY_CREATE_ACCOUNT).isEqualTo(0x10);
    }

    @Test
    void functionsTakeWhatNtsecapiHDeclares() throws Exception {
        assertThat(method("LsaOpenPolicy").getParameterTypes()).containsExactly(NTSecApi.LSA_UNICODE_STRING.class,
                LsaApi.LSA_OBJECT_ATTRIBUTES.class, int.class, PointerByReference.class);
        assertThat(method("LsaAddAccountRights").getParameterTypes()).containsExactly(Pointer.class, Pointer.class,
                NTSecApi.LSA_UNICODE_STRING.class, int.class);
        assertThat(method("LsaClose").getParameterTypes()).containsExactly(Pointer.class);
        assertThat(method("LsaNtStatusToWinError").getParameterTypes()).containsExactly(int.class);
        // NTSTATUS and ULONG are 32-bit on both 32- and 64-bit Windows.
        assertThat(Arrays.stream(LsaApi.class.getMethods()).filter(m -> m.getName().startsWith("Lsa"))
                .map(Method::getReturnType)).containsOnly(int.class);
    }

    private static Method method(String name) {
        return Arrays.stream(LsaApi.class.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }
}
