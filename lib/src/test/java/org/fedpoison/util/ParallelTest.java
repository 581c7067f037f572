package org.fedpoison.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one parallel mechanism: order of results, threads it may use, failures, nesting. */
class ParallelTest {

    @Test
    void mapGivesResultsInTaskOrderOnAtMostItsThreads() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (Parallel p = Parallel.of(3)) {
            List<Integer> out = p.map(50, i -> {
                names.add(Thread.currentThread().getName());
                return i * i;
            });
            assertEquals(IntStream.range(0, 50).map(i -> i * i).boxed().toList(), out);
        }
        assertTrue(names.size() <= 3, names.toString());
        assertTrue(names.stream().allMatch(n -> n.startsWith("fedpoison-worker-")), names.toString());
    }

    @Test
    void theLowestFailingTaskIsReportedWhateverFinishesFirst() throws Exception {
        try (Parallel p = Parallel.of(2)) {
            Parallel.TaskFailed e = assertThrows(Parallel.TaskFailed.class, () -> p.map(6, i -> {
                if (i == 1) {
                    sleep(100);
                    throw new IllegalStateException("slow one");
                }
                if (i == 4) {
                    throw new IllegalArgumentException("fast one");
                }
                return i;
            }));
            assertEquals(1, e.index());
            assertEquals("slow one", e.getCause().getMessage());
        }
    }

    @Test
    void forRangesCoversEveryIndexOnceAndHonoursTheThreadCount() {
        for (int threads : new int[] {1, 2, 4}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(1000);
            Set<Thread> used = ConcurrentHashMap.newKeySet();
            try (Parallel p = Parallel.of(threads)) {
                p.forRanges(1000, Long.MAX_VALUE, (lo, hi) -> {
                    used.add(Thread.currentThread());
                    sleep(1);
                    for (int i = lo; i < hi; i++) {
                        seen.incrementAndGet(i);
                    }
                });
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals(1, seen.get(i), "index " + i);
            }
            assertTrue(used.size() <= threads, threads + " threads allowed, used " + used.size());
            if (threads == 1) {
                assertEquals(Set.of(Thread.currentThread()), used);
            }
        }
    }

    @Test
    void smallWorkStaysOnTheCallingThread() {
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        try (Parallel p = Parallel.of(4)) {
            p.forRanges(100, Parallel.MIN_PARALLEL_VALUES - 1, (lo, hi) -> used.add(Thread.currentThread()));
        }
        assertEquals(Set.of(Thread.currentThread()), used);
    }

    @Test
    void nestedUseDoesNotDeadlockAndRangeFailuresComeBack() {
        try (Parallel p = Parallel.of(2)) {
            List<Long> sums = p.map(4, i -> {
                long[] part = new long[16];
                p.forRanges(16, Long.MAX_VALUE, (lo, hi) -> {
                    for (int j = lo; j < hi; j++) {
                        part[j] = j + i;
                    }
                });
                long s = 0;
                for (long v : part) {
                    s += v;
                }
                return s;
            });
            assertEquals(List.of(120L, 136L, 152L, 168L), sums);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> p.forRanges(64, Long.MAX_VALUE, (lo, hi) -> {
                        throw new IllegalStateException("range " + lo);
                    }));
            assertEquals("range 0", e.getMessage());
        }
    }

    @Test
    void currentIsTheOneSetByWithElseTheSharedOne() {
        assertSame(Parallel.shared(), Parallel.current());
        try (Parallel p = Parallel.of(1)) {
            assertSame(p, Parallel.with(p, Parallel::current));
        }
        assertSame(Parallel.shared(), Parallel.current());
        assertTrue(Parallel.shared().threads() >= 1 && Parallel.shared().threads() <= 8);
        assertThrows(IllegalArgumentException.class, () -> Parallel.of(0));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
