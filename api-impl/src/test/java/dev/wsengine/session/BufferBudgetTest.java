package dev.wsengine.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which session the container's buffer budget sheds, and when it sheds none. */
class BufferBudgetTest {

    private final List<String> actions = Collections.synchronizedList(new ArrayList<>());

    /** A session as the budget sees it: bytes it holds (charged to the budget), a floor, what was done to it. */
    private class FakeHolder implements BufferBudget.Holder {
        final String name;
        final long floor;
        final BufferBudget budget;
        long bytes;

        FakeHolder(String name, long floor, BufferBudget budget) {
            this.name = name;
            this.floor = floor;
            this.budget = budget;
            budget.join(this);
        }

        /** Charges bytes the way a flusher does, shedding when told to. */
        void hold(long more) {
            bytes += more;
            if (budget.add(more)) {
                budget.shedLoad();
            }
        }

        /** Charges bytes without shedding, as one of a burst of uploads charged together. */
        void charge(long more) {
            bytes += more;
            budget.add(more);
        }

        void release() {
            budget.add(-bytes);
            bytes = 0;
            budget.leave(this);
        }

        @Override
        public long heldBytes() {
            return bytes;
        }

        @Override
        public long floorBytes() {
            return floor;
        }

        @Override
        public void shed(String reason) {
            actions.add("shed " + name);
        }

        @Override
        public void cut(String reason) {
            actions.add("cut " + name);
        }
    }

    @Test
    void withinTheBudgetNobodyIsShed() {
        BufferBudget budget = new BufferBudget(10_000);
        new FakeHolder("a", 100, budget).hold(6_000);
        new FakeHolder("b", 100, budget).hold(4_000);
        assertEquals(List.of(), actions);
        assertEquals(10_000, budget.heldBytes());
    }

    @Test
    void pastTheBudgetTheSessionHoldingTheMostIsShedNotTheOneThatCrossedIt() {
        BufferBudget budget = new BufferBudget(10_000);
        new FakeHolder("small", 100, budget).hold(1_000);
        new FakeHolder("big", 100, budget).hold(7_000);
        new FakeHolder("medium", 100, budget).hold(2_500);
        assertEquals(List.of("shed big"), actions);
    }

    @Test
    void aSessionAtOrBelowItsFloorIsNeverShedEvenWhenTheTotalIsPastTheBudget() {
        BufferBudget budget = new BufferBudget(1_000);
        for (int i = 0; i < 20; i++) {
            new FakeHolder("s" + i, 256, budget).hold(256);
        }
        assertEquals(5_120, budget.heldBytes());
        assertEquals(List.of(), actions, "every session holds only its floor");
    }

    @Test
    void onePastTheBudgetShedsAsManySessionsAsItTakesMostFirst() {
        BufferBudget budget = new BufferBudget(10_000, 60_000);
        FakeHolder[] all = new FakeHolder[6];
        for (int i = 0; i < all.length; i++) {
            all[i] = new FakeHolder("s" + i, 100, budget);
        }
        for (int i = 0; i < all.length; i++) {
            all[i].bytes = 1_000 * (i + 1); // charged together, as a burst of uploads is
            budget.add(all[i].bytes);
        }
        budget.shedLoad();                  // 21,000 held: 11,000 over
        assertEquals(List.of("shed s5", "shed s4"), actions);
    }

    @Test
    void aShedSessionCountsAsLeavingDuringItsGrace() {
        BufferBudget budget = new BufferBudget(10_000, 60_000);
        FakeHolder first = new FakeHolder("first", 100, budget);
        first.hold(6_000);
        new FakeHolder("second", 100, budget).hold(5_000);
        new FakeHolder("third", 100, budget).hold(4_000);
        assertEquals(List.of("shed first"), actions, "second and third stay: first's bytes are leaving");
    }

    @Test
    void aShedSessionThatStillHoldsItsBytesIsCutBeforeAnotherIsShed() {
        BufferBudget budget = new BufferBudget(10_000, 0);
        FakeHolder first = new FakeHolder("first", 100, budget);
        first.hold(6_000);
        FakeHolder second = new FakeHolder("second", 100, budget);
        second.hold(5_000);
        assertEquals(List.of("shed first"), actions);

        new FakeHolder("third", 100, budget).hold(500); // first did not leave: its bytes keep us over
        assertEquals(List.of("shed first", "cut first"), actions);

        new FakeHolder("fourth", 100, budget).hold(10); // first's cut is on its way: counted as gone
        assertEquals(List.of("shed first", "cut first"), actions);

        first.release();
        second.hold(5_000); // 10,510 staying: second is now the one holding the most
        assertEquals(List.of("shed first", "cut first", "shed second"), actions);
    }

    @Test
    void pastTwiceTheBudgetSessionsInTheirGraceAreCutAtOnce() {
        BufferBudget budget = new BufferBudget(10_000, 60_000);
        FakeHolder first = new FakeHolder("first", 100, budget);
        first.hold(6_000);
        new FakeHolder("second", 100, budget).hold(5_000);   // 11,000: first is shed, its bytes leaving
        FakeHolder third = new FakeHolder("third", 100, budget);
        third.hold(8_000);                                    // 19,000, 13,000 staying: third is shed
        assertEquals(List.of("shed first", "shed third"), actions, "within twice the budget, the grace holds");

        new FakeHolder("fourth", 100, budget).hold(2_000);   // 21,000 in all: past twice the budget
        assertEquals(List.of("shed first", "shed third", "cut third"), actions,
                "the session in its grace holding the most is cut; 13,000 then held, within the ceiling");
    }

    @Test
    void twoThreadsPastTheBudgetAtOnceShedOnlyWhatOneLookFinds() throws Exception {
        BufferBudget budget = new BufferBudget(10_000, 60_000);
        CountDownLatch bothLooking = new CountDownLatch(2);
        FakeHolder big = new FakeHolder("big", 100, budget) {
            @Override
            public long floorBytes() {
                // Asked once a look has found big not yet shed: holds that look open until a
                // second thread's look has found the same, or for at most half a second.
                bothLooking.countDown();
                try {
                    bothLooking.await(500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.floorBytes();
            }
        };
        big.charge(6_000);
        new FakeHolder("second", 100, budget).charge(5_000);
        new FakeHolder("third", 100, budget).charge(4_000);
        Thread other = new Thread(budget::shedLoad, "second-looker");
        other.start();
        budget.shedLoad(); // 15,000 held: 5,000 over, which shedding big covers
        other.join(5_000);
        assertEquals(List.of("shed big"), actions);
    }

    @Test
    void accountingReturnsToZeroAndLeftSessionsAreForgotten() {
        BufferBudget budget = new BufferBudget(1_000, 0);
        FakeHolder a = new FakeHolder("a", 10, budget);
        FakeHolder b = new FakeHolder("b", 10, budget);
        a.hold(900);
        b.hold(300);
        assertEquals(List.of("shed a"), actions);
        a.release();
        b.release();
        assertEquals(0, budget.heldBytes());
        assertEquals(0, budget.sessions());
    }

    @Test
    void noLimitCountsButNeverSheds() {
        BufferBudget budget = new BufferBudget(0);
        new FakeHolder("a", 0, budget).hold(Long.MAX_VALUE / 2);
        assertEquals(List.of(), actions);
        assertEquals(Long.MAX_VALUE / 2, budget.heldBytes());
    }

    @Test
    void aNegativeLimitIsRefusedAndTheDefaultIsAQuarterOfTheHeap() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BufferBudget(-1))
                .getMessage().contains("maxBufferedBytesTotal"));
        assertEquals(Runtime.getRuntime().maxMemory() / 4, BufferBudget.ofHeap().limitBytes());
        assertFalse(BufferBudget.none().add(1L << 40), "the shared no-budget instance counts nothing");
        assertEquals(0, BufferBudget.none().heldBytes());
    }
}
