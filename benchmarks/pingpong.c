/* How far apart are this machine's CPUs 0 and 1?  Used by placement.py.
 *
 * Two threads, pinned to CPU 0 and CPU 1, hand one shared integer back and
 * forth: thread A sets it to 1 and waits for 0, thread B waits for 1 and sets
 * it to 0.  Each hand-over moves the integer's cache line from one core to
 * the other, so the time of a round trip is the cost of moving a cache line
 * there and back.  Prints the mean round trip in nanoseconds.
 *
 * Usage: pingpong [ROUND_TRIPS]   (default 200000, about 0.1 s)
 *
 * On a cloud machine the host decides where the two virtual CPUs run, and it
 * moves them: the round trip changes from one minute to the next (about 70,
 * 130 or 340 ns on the AMD EPYC machine of 2026-12-02).
 *
 * Build: cc -O2 -pthread benchmarks/pingpong.c -o pingpong
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long round_trips = 200000;

static _Atomic int baton = 0;

/* Pin the calling thread to one CPU. Without both pins the two threads could
 * share one CPU, and every hand-over would wait for the scheduler. */
static void pin_to_cpu(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
        fprintf(stderr, "pingpong: cannot run a thread on CPU %d\n", cpu);
        exit(3);
    }
}

static void *answer(void *unused)
{
    (void)unused;
    pin_to_cpu(1);
    for (long i = 0; i < round_trips; i++) {
        while (atomic_load_explicit(&baton, memory_order_acquire) != 1) {
        }
        atomic_store_explicit(&baton, 0, memory_order_release);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t other;
    struct timespec start, stop;

    if (argc > 1) {
        round_trips = strtol(argv[1], NULL, 10);
        if (round_trips <= 0) {
            fprintf(stderr, "pingpong: ROUND_TRIPS must be a positive integer\n");
            return 2;
        }
    }
    pin_to_cpu(0);
    if (pthread_create(&other, NULL, answer, NULL) != 0) {
        fprintf(stderr, "pingpong: cannot start the second thread\n");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < round_trips; i++) {
        atomic_store_explicit(&baton, 1, memory_order_release);
        while (atomic_load_explicit(&baton, memory_order_acquire) != 0) {
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &stop);
    pthread_join(other, NULL);

    double ns = (stop.tv_sec - start.tv_sec) * 1e9 + (stop.tv_nsec - start.tv_nsec);
    printf("%.1f\n", ns / round_trips);
    return 0;
}
