package org.fedpoison.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Recycled vectors come only from the pool bound to the thread, and only once each. */
class VectorPoolTest {

    @Test
    void takeRecyclesOnlyInsideWithAndOnlyOnce() {
        try (VectorPool pool = new VectorPool(5)) {
            INDArray a = VectorPool.take(5);
            assertEquals(DataType.FLOAT, a.dataType());
            assertEquals(5, a.length());
            assertTrue(pool.give(a));
            assertEquals(1, pool.available());
            // outside with(): always a new vector, the pool keeps its own
            assertNotSame(a, VectorPool.take(5));
            assertEquals(1, pool.available());
            // inside: the recycled one, then new ones
            INDArray[] got = VectorPool.with(pool, () -> new INDArray[] {VectorPool.take(5), VectorPool.take(5)});
            assertSame(a, got[0]);
            assertNotSame(a, got[1]);
            assertEquals(0, pool.available());
            // another length is never served from this pool
            assertTrue(pool.give(got[1]));
            assertEquals(3, VectorPool.with(pool, () -> VectorPool.take(3)).length());
            assertEquals(1, pool.available());
        }
    }

    @Test
    void givesThePoolCannotReuseAreRefused() {
        try (VectorPool pool = new VectorPool(4)) {
            assertFalse(pool.give(null));
            assertFalse(pool.give(Nd4j.create(DataType.FLOAT, 3)));
            assertFalse(pool.give(Nd4j.create(DataType.DOUBLE, 4)));
            INDArray wide = Nd4j.create(DataType.FLOAT, 8);
            assertFalse(pool.give(wide.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6))));
            INDArray closed = Nd4j.create(DataType.FLOAT, 4);
            closed.close();
            assertFalse(pool.give(closed));
            assertEquals(0, pool.available());
        }
    }

    @Test
    void closeFreesWhatIsHeldAndLaterGivesClose() {
        VectorPool pool = new VectorPool(4);
        INDArray a = Nd4j.create(DataType.FLOAT, 4);
        INDArray b = Nd4j.create(DataType.FLOAT, 4);
        assertTrue(pool.give(a));
        pool.close();
        assertTrue(a.wasClosed());
        assertEquals(0, pool.available());
        assertTrue(pool.give(b));
        assertTrue(b.wasClosed());
        assertEquals(0, pool.available());
        assertThrows(IllegalArgumentException.class, () -> new VectorPool(0));
    }
}
