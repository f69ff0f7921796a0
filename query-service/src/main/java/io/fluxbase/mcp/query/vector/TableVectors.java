package io.fluxbase.mcp.query.vector;

import io.fluxbase.mcp.kernel.vector.VectorCandidates.Candidate;
import io.fluxbase.mcp.kernel.vector.VectorCandidates.IndexedTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One table's embeddings in one flat float array (a slot per row), searched exactly: every slot is scored, so recall
 * is 1. 100,000 rows of 384 dimensions are 150 MB and one scan takes tens of milliseconds on one core.
 */
final class TableVectors {

    final IndexedTable table;
    final long generation;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Integer> slots = new HashMap<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int dimensions;
    private float[] data = new float[0];
    private String[] keys = new String[0];
    private int used;

    TableVectors(IndexedTable table, long generation) {
        this.table = table;
        this.generation = generation;
    }

    /** Stores (or replaces) a row's vector, as stored: already normalised for its metric. */
    void put(String key, float[] vector) {
        lock.writeLock().lock();
        try {
            if (dimensions == 0) {
                dimensions = vector.length;
            } else if (vector.length != dimensions) {
                return; // another model's vector; the worker re-embeds such rows
            }
            Integer slot = slots.get(key);
            if (slot == null) {
                slot = free.isEmpty() ? used++ : free.pop();
                if (slot >= keys.length) {
                    int capacity = Math.max(1024, keys.length * 2);
                    keys = Arrays.copyOf(keys, capacity);
                    data = Arrays.copyOf(data, capacity * dimensions);
                }
                slots.put(key, slot);
                keys[slot] = key;
            }
            System.arraycopy(vector, 0, data, slot * dimensions, dimensions);
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(String key) {
        lock.writeLock().lock();
        try {
            Integer slot = slots.remove(key);
            if (slot != null) {
                keys[slot] = null;
                free.push(slot);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private record Scored(int slot, double similarity) {
    }

    List<Candidate> nearest(float[] query, int count) {
        float[] stored = table.metric().stored(query);
        lock.readLock().lock();
        try {
            if (stored.length != dimensions || count <= 0) {
                return List.of();
            }
            PriorityQueue<Scored> best = new PriorityQueue<>(count + 1, Comparator.comparingDouble(Scored::similarity));
            for (int slot = 0; slot < used; slot++) {
                if (keys[slot] == null) {
                    continue;
                }
                double similarity = table.metric().similarity(stored, data, slot * dimensions);
                if (best.size() < count) {
                    best.add(new Scored(slot, similarity));
                } else if (similarity > best.peek().similarity()) {
                    best.poll();
                    best.add(new Scored(slot, similarity));
                }
            }
            List<Candidate> nearest = new ArrayList<>(best.size());
            for (Scored scored : best) {
                nearest.add(new Candidate(keys[scored.slot()], scored.similarity()));
            }
            nearest.sort(Comparator.comparingDouble(Candidate::similarity).reversed());
            return nearest;
        } finally {
            lock.readLock().unlock();
        }
    }
}
