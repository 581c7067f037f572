package org.fedpoison.attack;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void everyNRoundsBetweenStartAndEnd() {
        Schedule s = Schedule.every(2, 11, 3);
        assertArrayEquals(new int[] {2, 5, 8, 11}, s.activeRounds(20));
        assertEquals(11, s.lastRound());
        assertArrayEquals(new int[] {8}, Schedule.every(8, 10, 3).activeRounds(20));
        assertEquals(8, Schedule.every(8, 10, 3).lastRound());
    }

    @Test
    void oneShotAndSlowInjection() {
        assertArrayEquals(new int[] {4}, Schedule.oneShot(4).activeRounds(10));
        assertArrayEquals(new int[] {1, 2, 3}, Schedule.slowInjection(1, 3).activeRounds(10));
        assertEquals(10, Schedule.always().activeRounds(10).length);
        assertEquals(Integer.MAX_VALUE, Schedule.from(3).lastRound());
    }

    @Test
    void fixedPoolKeepsRounds() {
        Schedule s = Schedule.every(1, 9, 2).fixedPool();
        assertEquals(Schedule.Participation.FIXED_POOL, s.participation());
        assertArrayEquals(Schedule.every(1, 9, 2).activeRounds(12), s.activeRounds(12));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Schedule(-1, 3, 1, Schedule.Participation.SAMPLED));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.every(5, 4, 1));
        assertTrue(e.getMessage().contains("end is 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.every(0, 4, 0));
    }
}
