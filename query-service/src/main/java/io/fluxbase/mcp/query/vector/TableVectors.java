package io.fluxbase.mcp.query.vector;

import io.fluxbase.mcp.kernel.vector.VectorCandidates.Candidate;
import io.fluxbase.mcp.kernel.vector.VectorCandidates.IndexedTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table's embeddings, a slot per row. Below {@code approximateFrom} rows every slot is scored (exact, recall 1:
 * 10,000 rows of 384 dimensions take a few milliseconds); once the table reaches that size, candidates come from an
 * HNSW graph ({@link NeighbourGraph}) that {@link #maintainGraph} fills with every row, then with each row stored
 * after, {@link #GRAPH_BATCH} at a time. Rows not in the graph yet are scored exactly beside it, so a row is findable
 * as soon as it is read, and the graph's first build (at start, or when the table grows past the threshold) never
 * stops searches or the reading of changes. A request for more than {@link NeighbourGraph#SEARCH_BEAM} rows that is also
 * over a quarter of the table is answered exactly, as is one the graph cannot fill: that is what ends the search
 * tool's rounds when a role sees few of the rows.
 */
final class TableVectors {

    /** Rows added to the graph per call of {@link #maintainGraph}, so the index reads changes in between. */
    static final int GRAPH_BATCH = 2000;
    private static final Logger log = LoggerFactory.getLogger(TableVectors.class);

    final IndexedTable table;
    final long generation;
    private final int approximateFrom;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Integer> slots = new HashMap<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int dimensions;
    private volatile float[][] rows = new float[0][];
    private volatile String[] keys = new String[0];
    private volatile int used;
    /** Set when the graph is made: from then on slots reach it and leave it through the two queues below. */
    private boolean graphed;
    private final ArrayDeque<Integer> toAdd = new ArrayDeque<>();
    private final ArrayDeque<Integer> toDelete = new ArrayDeque<>();
    /** Only the maintaining thread reads these two: what the graph holds, and slots to free once it drops them. */
    private final BitSet inGraph = new BitSet();
    private final List<Integer> awaitingRemoval = new ArrayList<>();
    private volatile @Nullable NeighbourGraph graph;
    private long graphStarted;

    TableVectors(IndexedTable table, long generation, int approximateFrom) {
        this.table = table;
        this.generation = generation;
        this.approximateFrom = approximateFrom;
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
            Integer known = slots.get(key);
            if (known != null && !graphed) {
                rows[known] = vector;
                return;
            }
            if (known != null) {
                retire(known); // the graph linked the old vector: the new one takes a new slot
            }
            int slot = free.isEmpty() ? used : free.pop();
            if (slot == used) {
                if (slot >= keys.length) {
                    int capacity = Math.max(1024, keys.length * 2);
                    rows = Arrays.copyOf(rows, capacity);
                    keys = Arrays.copyOf(keys, capacity);
                }
                used++;
            }
            slots.put(key, slot);
            rows[slot] = vector;
            keys[slot] = key;
            if (graphed) {
                toAdd.add(slot);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(String key) {
        lock.writeLock().lock();
        try {
            Integer slot = slots.remove(key);
            if (slot != null) {
                retire(slot);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void retire(int slot) {
        keys[slot] = null;
        if (graphed) {
            toDelete.add(slot);
        } else {
            free.push(slot);
        }
    }

    /**
     * Makes the graph once the table is large enough, adds the next {@link #GRAPH_BATCH} rows waiting for it, deletes
     * the rows gone from it, and every tenth of the graph deleted, repairs it and frees those slots. One thread only.
     */
    void maintainGraph() {
        int[] batch;
        lock.writeLock().lock();
        try {
            if (!graphed && slots.size() >= approximateFrom && dimensions > 0) {
                graphed = true;
                graph = new NeighbourGraph(vectors(), table.metric());
                toAdd.addAll(slots.values());
                graphStarted = System.nanoTime();
            }
            batch = toAdd.stream().limit(GRAPH_BATCH).mapToInt(Integer::intValue).toArray();
        } finally {
            lock.writeLock().unlock();
        }
        NeighbourGraph current = graph;
        if (current == null) {
            return;
        }
        current.add(batch); // slots only leave toAdd from its head, here: the batch is still its first rows
        List<Integer> deleted = new ArrayList<>();
        boolean built;
        lock.writeLock().lock();
        try {
            for (int i = 0; i < batch.length; i++) {
                inGraph.set(toAdd.poll());
            }
            // a slot retired before it reached the graph is deleted once it has
            for (Iterator<Integer> it = toDelete.iterator(); it.hasNext(); ) {
                int slot = it.next();
                if (inGraph.get(slot)) {
                    deleted.add(slot);
                    it.remove();
                }
            }
            built = toAdd.isEmpty();
        } finally {
            lock.writeLock().unlock();
        }
        if (built && graphStarted != 0) {
            log.info("Vector index of {}: HNSW graph of {} rows built in {} ms", table.table(), current.nodes(),
                    (System.nanoTime() - graphStarted) / 1_000_000);
            graphStarted = 0;
        }
        for (int slot : deleted) {
            current.delete(slot);
            inGraph.clear(slot);
            awaitingRemoval.add(slot);
        }
        if (current.deleted() > Math.max(100, current.nodes() / 10)) {
            current.removeDeleted();
            lock.writeLock().lock();
            try {
                free.addAll(awaitingRemoval);
            } finally {
                lock.writeLock().unlock();
            }
            awaitingRemoval.clear();
        }
    }

    private NeighbourGraph.Vectors vectors() {
        return new NeighbourGraph.Vectors(slot -> rows[slot], () -> used, dimensions);
    }

    /** True once the graph holds every row: searches are approximate from then on. */
    boolean approximate() {
        NeighbourGraph current = graph;
        lock.readLock().lock();
        try {
            return current != null && toAdd.isEmpty();
        } finally {
            lock.readLock().unlock();
        }
    }

    List<Candidate> nearest(float[] query, int count) {
        float[] stored = table.metric().stored(query);
        NeighbourGraph approximate = graph;
        lock.readLock().lock();
        try {
            if (stored.length != dimensions || count <= 0) {
                return List.of();
            }
            String[] named = keys;
            if (approximate == null || count > NeighbourGraph.SEARCH_BEAM && (long) count * 4 > slots.size()) {
                return best(IntStream.range(0, used), stored, count);
            }
            int[] found = approximate.nearest(stored, count, slot -> slot < named.length && named[slot] != null);
            // the rows not in the graph yet are scored beside its answer; one in both counts once
            List<Candidate> nearest = best(IntStream.concat(IntStream.of(found),
                    toAdd.stream().mapToInt(Integer::intValue)).distinct(), stored, count);
            return nearest.size() < count ? best(IntStream.range(0, used), stored, count) : nearest;
        } finally {
            lock.readLock().unlock();
        }
    }

    private double similarity(float[] stored, int slot) {
        return table.metric().similarity(stored, rows[slot], 0);
    }

    private record Scored(int slot, double similarity) {
    }

    /** The {@code count} nearest of the live slots given, scored exactly, nearest first. */
    private List<Candidate> best(IntStream candidates, float[] stored, int count) {
        String[] named = keys;
        PriorityQueue<Scored> best = new PriorityQueue<>(count + 1, Comparator.comparingDouble(Scored::similarity));
        candidates.forEach(slot -> {
            if (named[slot] == null) {
                return;
            }
            double similarity = similarity(stored, slot);
            if (best.size() < count) {
                best.add(new Scored(slot, similarity));
            } else if (similarity > best.peek().similarity()) {
                best.poll();
                best.add(new Scored(slot, similarity));
            }
        });
        List<Candidate> nearest = new ArrayList<>(best.size());
        for (Scored scored : best) {
            nearest.add(new Candidate(named[scored.slot()], scored.similarity()));
        }
        nearest.sort(Comparator.comparingDouble(Candidate::similarity).reversed());
        return nearest;
    }
}
