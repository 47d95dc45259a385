package dev.lorakit.plugins.dqn;

import dev.lorakit.api.Stateful;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.Random;

/**
 * The loop state of a DQN run that a checkpoint must hold besides the model, optimizer and
 * replay buffer: the step and episode counters, the exploration generator, the target network
 * and when the run first solved. Checkpoints are only taken between episodes, and each episode
 * resets the environment with its own seed, so no environment state needs saving.
 */
final class DqnProgress implements Stateful {

    private static final String MAGIC = "lorakit-dqn-progress-1";

    long step;
    long episode;
    long solvedAtStep = -1;
    double solvedAtSeconds = Double.NaN;
    double solvedAtCpuSeconds = Double.NaN;
    double lastEvalReturn = Double.NaN;
    double bestEvalReturn = Double.NaN;
    /** Replaced by {@link #load}: the task must read it afresh, not cache it. */
    Random random;
    /** Set once the model is ready; saved with the progress. */
    TargetNetwork target;

    DqnProgress(Random random) {
        this.random = random;
    }

    @Override
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(MAGIC);
        data.writeLong(step);
        data.writeLong(episode);
        data.writeLong(solvedAtStep);
        data.writeDouble(solvedAtSeconds);
        data.writeDouble(solvedAtCpuSeconds);
        data.writeDouble(lastEvalReturn);
        data.writeDouble(bestEvalReturn);
        // java.util.Random is Serializable and its serial form is its exact 48-bit state.
        ByteArrayOutputStream rng = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(rng)) {
            objects.writeObject(random);
        }
        data.writeInt(rng.size());
        rng.writeTo(data);
        target.save(data);
        data.flush();
    }

    @Override
    public void load(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String magic = data.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new IOException("not a DQN progress state (header \"" + magic + "\")");
        }
        step = data.readLong();
        episode = data.readLong();
        solvedAtStep = data.readLong();
        solvedAtSeconds = data.readDouble();
        solvedAtCpuSeconds = data.readDouble();
        lastEvalReturn = data.readDouble();
        bestEvalReturn = data.readDouble();
        byte[] rng = new byte[data.readInt()];
        data.readFully(rng);
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(rng))) {
            objects.setObjectInputFilter(info -> info.serialClass() == null || info.serialClass() == Random.class
                    ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED);
            random = (Random) objects.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("DQN progress state holds an unknown generator class", e);
        }
        target.load(data);
    }
}
