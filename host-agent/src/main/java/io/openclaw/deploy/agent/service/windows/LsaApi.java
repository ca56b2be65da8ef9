package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.NTSecApi;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The LSA policy functions of advapi32 that jna-platform 5.17.0 does not bind (it has {@code LSA_UNICODE_STRING} and
 * {@code LookupAccountName}, but no {@code LsaOpenPolicy}, {@code LsaAddAccountRights}, {@code LsaClose},
 * {@code LsaNtStatusToWinError} and no {@code LSA_OBJECT_ATTRIBUTES}). Signatures as in ntsecapi.h: they return an
 * {@code NTSTATUS} (0 = success), and take no strings but {@code LSA_UNICODE_STRING}s, so no A/W mapping is needed.
 */
interface LsaApi extends StdCallLibrary {
    /** ntsecapi.h access rights: enough to look the account up and to create its LSA account if it has none yet. */
    int POLICY_CREATE_ACCOUNT = 0x00000010;
    int POLICY_LOOKUP_NAMES = 0x00000800;

    /** Loaded on first use only, so that merely referring to this interface works on every OS. */
    static LsaApi load() {
        return Native.load("Advapi32", LsaApi.class);
    }

    /**
     * Opens the local security policy.
     *
     * @param systemName null: the local machine
     * @param policyHandle receives the {@code LSA_HANDLE}
     */
    int LsaOpenPolicy(NTSecApi.LSA_UNICODE_STRING systemName, LSA_OBJECT_ATTRIBUTES objectAttributes,
            int desiredAccess, PointerByReference policyHandle);

    /**
     * @param accountSid the SID's bytes in native memory
     * @param userRights the first of {@code countOfRights} contiguous structures (here always one)
     */
    int LsaAddAccountRights(Pointer policyHandle, Pointer accountSid, NTSecApi.LSA_UNICODE_STRING userRights,
            int countOfRights);

    int LsaClose(Pointer objectHandle);

    int LsaNtStatusToWinError(int status);

    /** lsalookup.h; LsaOpenPolicy uses none of it: every member zero, {@code Length} its size. */
    @Structure.FieldOrder({"Length", "RootDirectory", "ObjectName", "Attributes", "SecurityDescriptor",
        "SecurityQualityOfService"})
    class LSA_OBJECT_ATTRIBUTES extends Structure {
        public int Length;
        public Pointer RootDirectory;
        public Pointer ObjectName;
        public int Attributes;
        public Pointer SecurityDescriptor;
        public Pointer SecurityQualityOfService;

        LSA_OBJECT_ATTRIBUTES() {
            Length = size();
        }
    }

    /**
     * {@code text} as an {@code LSA_UNICODE_STRING} over {@code buffer}: {@code Length} in bytes without a terminator,
     * {@code MaximumLength} the buffer's size. The caller keeps {@code buffer} reachable until the call returns.
     */
    static NTSecApi.LSA_UNICODE_STRING unicodeString(String text, Memory buffer) {
        long bytes = (long) text.length() * Native.WCHAR_SIZE;
        if (buffer.size() < bytes || bytes > Short.MAX_VALUE) {
            throw new IllegalArgumentException("no room for " + text.length() + " characters");
        }
        buffer.setWideString(0, text);
        NTSecApi.LSA_UNICODE_STRING string = new NTSecApi.LSA_UNICODE_STRING();
        string.Length = (short) bytes;
        string.MaximumLength = (short) Math.min(buffer.size(), Short.MAX_VALUE);
        string.Buffer = buffer;
        return string;
    }

    /** A buffer for {@link #unicodeString}: the characters and a terminator (which the lengths do not count). */
    static Memory bufferFor(String text) {
        return new Memory((long) (text.length() + 1) * Native.WCHAR_SIZE);
    }
}
