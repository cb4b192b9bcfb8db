package dev.llmcost.agent.instrumentation;

import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The serial version UID Java serialization computes for a {@code Serializable} class that declares none
 * (Java Object Serialization Specification, section 4.6), from the class as it is before the agent adds anything.
 * A task class given a carrier field and methods declares this value, so instances serialized with the agent
 * read back without it, and the other way round.
 */
final class DefaultSerialVersionUid {

    private static final int CLASS_MASK = Modifier.PUBLIC | Modifier.FINAL | Modifier.INTERFACE | Modifier.ABSTRACT;
    private static final int FIELD_MASK = Modifier.PUBLIC | Modifier.PRIVATE | Modifier.PROTECTED | Modifier.STATIC
            | Modifier.FINAL | Modifier.VOLATILE | Modifier.TRANSIENT;
    private static final int METHOD_MASK = Modifier.PUBLIC | Modifier.PRIVATE | Modifier.PROTECTED | Modifier.STATIC
            | Modifier.FINAL | Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.ABSTRACT | Modifier.STRICT;

    private DefaultSerialVersionUid() {
    }

    /** Whether the class declares its own {@code static final long serialVersionUID}. */
    static boolean declared(TypeDescription type) {
        for (FieldDescription.InDefinedShape field : type.getDeclaredFields()) {
            if (field.getName().equals("serialVersionUID") && field.isStatic() && field.isFinal()
                    && field.getType().represents(long.class)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param staticInitializer whether the class file has a {@code <clinit>}, which a type description does not
     *                          tell
     */
    static long of(TypeDescription type, boolean staticInitializer) throws IOException, NoSuchAlgorithmException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(type.getName());
        List<MethodDescription.InDefinedShape> methods = new ArrayList<>();
        List<MethodDescription.InDefinedShape> constructors = new ArrayList<>();
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            if (method.isTypeInitializer()) {
                continue;
            }
            if (method.isConstructor()) {
                constructors.add(method);
            } else {
                methods.add(method);
            }
        }
        int modifiers = type.getModifiers() & CLASS_MASK;
        if ((modifiers & Modifier.INTERFACE) != 0) {
            modifiers = methods.isEmpty() ? modifiers & ~Modifier.ABSTRACT : modifiers | Modifier.ABSTRACT;
        }
        out.writeInt(modifiers);
        type.getInterfaces().asErasures().stream().map(TypeDescription::getName).sorted()
                .forEach(name -> writeUtf(out, name));
        List<FieldDescription.InDefinedShape> fields = new ArrayList<>(type.getDeclaredFields());
        fields.sort(Comparator.comparing(FieldDescription.InDefinedShape::getName));
        for (FieldDescription.InDefinedShape field : fields) {
            int fieldModifiers = field.getModifiers() & FIELD_MASK;
            if (!field.isPrivate() || (fieldModifiers & (Modifier.STATIC | Modifier.TRANSIENT)) == 0) {
                out.writeUTF(field.getName());
                out.writeInt(fieldModifiers);
                out.writeUTF(field.getDescriptor());
            }
        }
        if (staticInitializer) {
            out.writeUTF("<clinit>");
            out.writeInt(Modifier.STATIC);
            out.writeUTF("()V");
        }
        constructors.sort(Comparator.comparing(MethodDescription::getDescriptor));
        for (MethodDescription.InDefinedShape constructor : constructors) {
            write(out, "<init>", constructor);
        }
        methods.sort(Comparator.comparing(MethodDescription.InDefinedShape::getInternalName)
                .thenComparing(MethodDescription::getDescriptor));
        for (MethodDescription.InDefinedShape method : methods) {
            write(out, method.getInternalName(), method);
        }
        out.flush();
        byte[] sha = MessageDigest.getInstance("SHA").digest(bytes.toByteArray());
        long hash = 0;
        for (int i = Math.min(sha.length, 8) - 1; i >= 0; i--) {
            hash = (hash << 8) | (sha[i] & 0xFF);
        }
        return hash;
    }

    private static void write(DataOutputStream out, String name, MethodDescription method) throws IOException {
        if (!method.isPrivate()) {
            out.writeUTF(name);
            out.writeInt(method.getModifiers() & METHOD_MASK);
            out.writeUTF(method.getDescriptor().replace('/', '.'));
        }
    }

    private static void writeUtf(DataOutputStream out, String value) {
        try {
            out.writeUTF(value);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
