import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step of the agent jar (host-agent/pom.xml, package phase), run as a single-file program with ASM on its class
 * path: {@code UpgradeClassFiles JAR PACKAGE_DIR}. It rewrites the class files under PACKAGE_DIR (picocli's) from
 * the Java 5 format to Java 8's, the same code with stack map frames computed for it.
 *
 * <p>Why: the JVM cannot check a Java 5 class once for all in a class-data archive (its verifier infers types as
 * it goes and leaves no record to replay), so every start of the agent and every client call verified picocli's
 * classes again, about 30 ms of each call's main thread (docs/cli.md, "Start-up time"). Java 8 class files are
 * checked when the archive is made. Frames that do not fit the code fail that check, and {@code PicocliBytecodeIT}
 * loads every rewritten class with the verifier on.
 */
public final class UpgradeClassFiles {
    private static final int JAVA_8 = 52;

    private UpgradeClassFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: UpgradeClassFiles JAR PACKAGE_DIR (e.g. target/openclaw-agent.jar picocli/)");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        String packageDir = args[1];
        Map<String, byte[]> upgraded = new LinkedHashMap<>();
        // The jar's own classes answer the frames' question "what do these two types have in common".
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
                FileSystem zip = FileSystems.newFileSystem(jar)) {
            for (Path file : classFiles(zip.getPath(packageDir))) {
                byte[] original = Files.readAllBytes(file);
                if (new ClassReader(original).readUnsignedShort(6) < JAVA_8) {
                    upgraded.put(file.toString(), toJava8(original, classes));
                }
            }
        }
        // Written once the class loader has let go of the jar (Windows does not replace an open file).
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            for (Map.Entry<String, byte[]> entry : upgraded.entrySet()) {
                Files.write(zip.getPath(entry.getKey()), entry.getValue());
            }
        }
        System.out.printf("%d class files under %s in %s rewritten as Java 8 bytecode%n",
                upgraded.size(), packageDir, jar.getFileName());
    }

    private static List<Path> classFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
    }

    private static byte[] toJava8(byte[] original, ClassLoader classes) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes;
            }
        };
        new ClassReader(original).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }
}
