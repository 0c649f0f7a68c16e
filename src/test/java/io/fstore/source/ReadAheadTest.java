package io.fstore.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopReader() throws InterruptedException {
        reader.shutdownNow();
        assertThat(reader.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void returns_every_element_in_source_order_then_ends() {
        ReadAhead<Integer> ahead = new ReadAhead<>(List.of(1, 2, 3).iterator(), reader);
        List<Integer> seen = new ArrayList<>();
        while (ahead.hasNext()) {
            seen.add(ahead.next());
        }

        assertThat(seen).containsExactly(1, 2, 3);
        assertThat(ahead.hasNext()).isFalse();
        assertThatThrownBy(ahead::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void reads_the_next_element_while_the_caller_holds_the_current_one() throws InterruptedException {
        CountDownLatch secondRead = new CountDownLatch(1);
        Iterator<Integer> source = new Iterator<>() {
            private int next = 1;

            @Override
            public boolean hasNext() {
                return next <= 2;
            }

            @Override
            public Integer next() {
                if (next == 2) {
                    secondRead.countDown();
                }
                return next++;
            }
        };
        ReadAhead<Integer> ahead = new ReadAhead<>(source, reader);

        assertThat(ahead.next()).isEqualTo(1);

        assertThat(secondRead.await(10, TimeUnit.SECONDS)).as("element 2 read before it was asked for").isTrue();
        assertThat(ahead.next()).isEqualTo(2);
        assertThat(ahead.hasNext()).isFalse();
    }

    @Test
    void a_failed_read_is_thrown_where_its_element_is_asked_for_and_the_source_is_not_read_again() {
        AtomicInteger reads = new AtomicInteger();
        Iterator<Integer> source = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (reads.incrementAndGet() == 3) {
                    throw new IllegalStateException("connection reset");
                }
                return reads.get();
            }
        };
        ReadAhead<Integer> ahead = new ReadAhead<>(source, reader);

        assertThat(ahead.next()).isEqualTo(1);
        assertThat(ahead.next()).isEqualTo(2);
        assertThatThrownBy(ahead::hasNext).isInstanceOf(IllegalStateException.class).hasMessage("connection reset");
        assertThatThrownBy(ahead::next).isInstanceOf(IllegalStateException.class).hasMessage("connection reset");
        assertThat(reads).hasValue(3);
    }

    @Test
    void an_error_while_reading_ahead_fails_the_caller_with_an_exception_the_splitter_completes_on() {
        Iterator<Integer> source = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        ReadAhead<Integer> ahead = new ReadAhead<>(source, reader);

        assertThatThrownBy(ahead::hasNext).isInstanceOf(RowChunker.SourceReadError.class)
                .hasMessageContaining("OutOfMemoryError").hasMessageContaining("Java heap space");
    }

    @Test
    void close_waits_for_the_read_in_flight_so_the_source_can_be_closed_after_it() throws InterruptedException {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finishedReads = new AtomicInteger();
        Iterator<Integer> source = new Iterator<>() {
            private int next = 1;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 2) {
                    reading.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                finishedReads.incrementAndGet();
                return next++;
            }
        };
        ReadAhead<Integer> ahead = new ReadAhead<>(source, reader);
        assertThat(ahead.next()).isEqualTo(1);
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(ahead::close);
        closer.start();
        closer.join(300);
        assertThat(closer.isAlive()).as("close returned under a read").isTrue();
        release.countDown();
        closer.join(10_000);

        assertThat(closer.isAlive()).isFalse();
        assertThat(finishedReads).hasValue(2);
        assertThatThrownBy(ahead::hasNext).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
