package io.openclaw.deploy.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.agent.testing.AgentProcess;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The agent jar's picocli classes are rewritten at build time from Java 5 to Java 8 bytecode (src/build/
 * UpgradeClassFiles.java), so that a class-data archive holds them verified. Frames computed wrongly would fail only
 * when a class is first loaded, perhaps in a rarely used command: every one is loaded here, with the verifier on.
 */
class AgentJarBytecodeIT {
    private static final int JAVA_8 = 52;

    @Test
    void picocliIsJava8BytecodeThatTheVerifierAccepts() throws Exception {
        List<String> classes = new ArrayList<>();
        try (ZipFile jar = new ZipFile(AgentProcess.defaultJar().toFile())) {
            for (ZipEntry entry : jar.stream().toList()) {
                if (entry.getName().startsWith("picocli/") && entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        assertThat(majorVersion(in)).as(entry.getName()).isGreaterThanOrEqualTo(JAVA_8);
                    }
                    classes.add(entry.getName().replace('/', '.').replace(".class", ""));
                }
            }
        }
        assertThat(classes).as("picocli's classes in the jar").hasSizeGreaterThan(100);

        // A loader of its own: the test's class path has the original picocli jar.
        try (URLClassLoader agentJar = new URLClassLoader(
                new URL[] {AgentProcess.defaultJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : classes) {
                Class<?> loaded = Class.forName(name, true, agentJar); // initialised, so linked and verified
                assertThat(loaded.getClassLoader()).isSameAs(agentJar);
            }
        }
    }

    private static int majorVersion(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
        in.readUnsignedShort(); // minor
        return in.readUnsignedShort();
    }
}
