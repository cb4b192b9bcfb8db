package dev.llmcost.it;

import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.RecursiveAction;

/**
 * A separate JVM's main, with or without the agent: writes or reads serialized task objects whose classes declare
 * no serial version UID, and prints each class's UID and interfaces — what an application that serializes its
 * tasks would see change if the agent's carrier field changed the class's serial form.
 */
public final class SerializedTasks {

    /** A fork/join task (Serializable through ForkJoinTask) without a declared UID. */
    static final class Leaves extends RecursiveAction {
        final int from;

        Leaves(int from) {
            this.from = from;
        }

        @Override
        protected void compute() {
        }
    }

    /** A plain Runnable the application made Serializable itself. */
    static class Job implements Runnable, Serializable {
        String name = "nightly";

        @Override
        public void run() {
        }
    }

    /** Whether the class, or a super class, has the agent's carrier field. */
    private static boolean carrier(Class<?> type) {
        for (Class<?> at = type; at != null; at = at.getSuperclass()) {
            if (Arrays.stream(at.getInterfaces()).anyMatch(i -> i.getName().equals("dev.llmcost.bridge.ContextCarrier"))) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        for (Class<?> type : new Class<?>[] {Leaves.class, Job.class}) {
            System.out.println("UID " + type.getSimpleName() + " " + ObjectStreamClass.lookup(type).getSerialVersionUID());
            System.out.println("CARRIER " + type.getSimpleName() + " " + carrier(type));
        }
        if (args[0].equals("write")) {
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
                out.writeObject(new Leaves(42));
                out.writeObject(new Job());
            }
        } else {
            try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
                System.out.println("READ " + ((Leaves) in.readObject()).from + " " + ((Job) in.readObject()).name);
            }
        }
    }
}
