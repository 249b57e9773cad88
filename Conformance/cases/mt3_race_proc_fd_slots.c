// syscalls: openat dup2 close readlink newfstatat fstat clone futex
// expect: same
/* Writer threads each own one descriptor number: they open their own file (trapped openat), dup2
 * it onto their number, close it again, over and over. Reader threads meanwhile readlink, stat,
 * lstat and reopen /proc/self/fd/<number>. Every answer must be either that writer's own file or
 * ENOENT (the number was closed at that instant): never another file, never another errno. Only
 * the count of unexpected answers and the final state are printed. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>

#define WRITERS 3
#define READERS 2
#define ROUNDS 3000

static char dir[64], files[WRITERS][96];
static ino_t inodes[WRITERS];
static atomic_int stop, unexpected, writer_errors, looks;
static char first_unexpected[160];

static void note(const char *what, int slot, const char *detail) {
    if (atomic_fetch_add(&unexpected, 1) == 0)
        snprintf(first_unexpected, sizeof first_unexpected, "%s of slot %d: %s", what, slot, detail);
}

static void *writer(void *arg) {
    long i = (long)arg;
    int slot = 70 + (int)i;
    for (int r = 0; r < ROUNDS; r++) {
        int fd = openat(AT_FDCWD, files[i], (r & 1) ? O_RDONLY | O_CLOEXEC : O_RDONLY);
        if (fd < 0) { writer_errors++; continue; }
        if (dup2(fd, slot) != slot) writer_errors++;
        close(fd);
        if (r % 3 == 0 && close(slot) != 0) writer_errors++;
    }
    /* leave the slot holding the file */
    int fd = openat(AT_FDCWD, files[i], O_RDONLY);
    if (fd < 0 || dup2(fd, slot) != slot) writer_errors++;
    if (fd >= 0) close(fd);
    return NULL;
}

static void *reader(void *arg) {
    (void)arg;
    char p[64], t[256];
    while (!stop) {
        for (int i = 0; i < WRITERS; i++) {
            int slot = 70 + i;
            snprintf(p, sizeof p, "/proc/self/fd/%d", slot);
            ssize_t n = readlink(p, t, sizeof t - 1);
            if (n >= 0) {
                t[n] = 0;
                if (strcmp(t, files[i])) note("readlink", slot, t);
            } else if (errno != ENOENT) note("readlink", slot, errname(errno));
            struct stat st;
            if (stat(p, &st) == 0) {
                if (st.st_ino != inodes[i]) note("stat", slot, "another inode");
            } else if (errno != ENOENT) note("stat", slot, errname(errno));
            if (lstat(p, &st) == 0) {
                if (!S_ISLNK(st.st_mode)) note("lstat", slot, "not a link");
            } else if (errno != ENOENT) note("lstat", slot, errname(errno));
            int fd = open(p, O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                if (fstat(fd, &st) != 0 || st.st_ino != inodes[i]) note("reopen", slot, "another inode");
                close(fd);
            } else if (errno != ENOENT) note("reopen", slot, errname(errno));
            looks++;
        }
    }
    return NULL;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-slots-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    for (int i = 0; i < WRITERS; i++) {
        snprintf(files[i], sizeof files[i], "%s/file%d", dir, i);
        int fd = open(files[i], O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
        MUST(fd);
        struct stat st;
        MUST(fstat(fd, &st));
        inodes[i] = st.st_ino;
        close(fd);
    }
    pthread_t w[WRITERS], r[READERS];
    for (long i = 0; i < READERS; i++) MUST(-(pthread_create(&r[i], NULL, reader, NULL) != 0));
    for (long i = 0; i < WRITERS; i++) MUST(-(pthread_create(&w[i], NULL, writer, (void *)i) != 0));
    for (int i = 0; i < WRITERS; i++) pthread_join(w[i], NULL);
    stop = 1;
    for (int i = 0; i < READERS; i++) pthread_join(r[i], NULL);
    printf("writer errors: %d\n", writer_errors);
    printf("readers looked: %s\n", looks > 0 ? "yes" : "no");
    printf("unexpected answers: %d%s%s\n", unexpected, unexpected ? ", first: " : "", first_unexpected);
    for (int i = 0; i < WRITERS; i++) {
        char p[64], t[256];
        snprintf(p, sizeof p, "/proc/self/fd/%d", 70 + i);
        ssize_t n = readlink(p, t, sizeof t - 1);
        if (n >= 0) t[n] = 0;
        printf("slot %d at the end: %s\n", 70 + i, n < 0 ? errname(errno) : !strcmp(t, files[i]) ? "its writer's file" : "another file");
        close(70 + i);
        unlink(files[i]);
    }
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
