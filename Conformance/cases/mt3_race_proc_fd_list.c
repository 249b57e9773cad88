// syscalls: openat getdents64 lseek dup2 close clone futex
// expect: same
/* /proc/self/fd listed while the table changes: descriptors open during the whole listing are
 * listed exactly once even when other threads open, dup2 and close around them and the listing
 * takes many small getdents64 calls. Then several threads list one shared descriptor of the
 * directory at once: each call moves the shared position, so over all threads every pinned
 * descriptor is listed exactly once. Counts only. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

#define PINNED_LO 100
#define PINNED_HI 160
#define LISTINGS 300
#define SHARERS 3

static atomic_int stop, bad_listings, odd_names, listings_done;

/* Lists `fd` with `size`-byte calls; counts numeric names into `hits` (atomic). Returns -errno on
 * failure, else the number of names. */
static int list(int fd, size_t size, atomic_int *hits, int *non_numeric) {
    char buf[512];
    int names = 0;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, size);
        if (n < 0) return -errno;
        if (n == 0) return names;
        for (long off = 0; off < n;) {
            unsigned short reclen = *(unsigned short *)(buf + off + 16);
            const char *name = buf + off + 19;
            if (strcmp(name, ".") && strcmp(name, "..")) {
                char *end;
                long v = strtol(name, &end, 10);
                if (*end || v < 0) (*non_numeric)++;
                else if (v < 1024) atomic_fetch_add(&hits[v], 1);
                names++;
            }
            off += reclen;
        }
    }
}

static void *churner(void *arg) {
    long id = (long)arg;
    while (!stop) {
        int a = openat(AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC);
        if (a >= 0) {
            dup2(a, 300 + (int)id * 20 + (a % 20));
            close(a);
        }
        close(300 + (int)id * 20 + ((a + 7) % 20));
    }
    return NULL;
}

static atomic_int shared_hits[1024];
static int shared_fd;
static pthread_barrier_t start;
static atomic_int shared_non_numeric, shared_errors;

static void *sharer(void *arg) {
    (void)arg;
    pthread_barrier_wait(&start);
    int nn = 0;
    if (list(shared_fd, 48, shared_hits, &nn) < 0) shared_errors++;
    shared_non_numeric += nn;
    return NULL;
}

int main(void) {
    int base = open("/dev/null", O_RDONLY);
    MUST(base);
    for (int i = PINNED_LO; i < PINNED_HI; i++) MUST(dup2(base, i));
    close(base);

    pthread_t ch[2];
    for (long i = 0; i < 2; i++) MUST(-(pthread_create(&ch[i], NULL, churner, (void *)i) != 0));
    static atomic_int hits[1024];
    for (int l = 0; l < LISTINGS; l++) {
        int fd = openat(AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) { bad_listings++; continue; }
        for (int i = 0; i < 1024; i++) hits[i] = 0;
        int nn = 0;
        int n = list(fd, (l % 2) ? 40 : 200, hits, &nn);
        int bad = n < 0;
        for (int i = PINNED_LO; i < PINNED_HI; i++) if (hits[i] != 1) bad = 1;
        if (hits[fd] != 1) bad = 1;
        for (int i = 0; i < 1024; i++) if (hits[i] > 1) bad = 1;
        if (bad) bad_listings++;
        odd_names += nn;
        close(fd);
        listings_done++;
    }
    stop = 1;
    for (int i = 0; i < 2; i++) pthread_join(ch[i], NULL);
    printf("listings: %d\n", listings_done);
    printf("listings missing a pinned fd or listing one twice: %d\n", bad_listings);
    printf("non-numeric names: %d\n", odd_names);

    int bad_rounds = 0;
    for (int round = 0; round < 40; round++) {
        shared_fd = openat(AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        MUST(shared_fd);
        for (int i = 0; i < 1024; i++) shared_hits[i] = 0;
        pthread_barrier_init(&start, NULL, SHARERS);
        pthread_t t[SHARERS];
        for (int i = 0; i < SHARERS; i++) MUST(-(pthread_create(&t[i], NULL, sharer, NULL) != 0));
        for (int i = 0; i < SHARERS; i++) pthread_join(t[i], NULL);
        pthread_barrier_destroy(&start);
        int bad = 0;
        for (int i = PINNED_LO; i < PINNED_HI; i++) if (shared_hits[i] != 1) bad = 1;
        if (shared_hits[shared_fd] != 1) bad = 1;
        if (bad) bad_rounds++;
        close(shared_fd);
    }
    printf("shared-descriptor rounds with a pinned fd missing or listed twice: %d of 40\n", bad_rounds);
    printf("shared-descriptor listing errors: %d, non-numeric names: %d\n", shared_errors, shared_non_numeric);
    for (int i = PINNED_LO; i < PINNED_HI; i++) close(i);
    return 0;
}
