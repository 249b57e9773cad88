// syscalls: openat renameat renameat2 rename newfstatat statx readlinkat faccessat getdents64 clone futex
// expect: same
/* One thread keeps replacing a name with rename (a freshly written file each time, so the name
 * always exists), another swaps two names with RENAME_EXCHANGE, while readers open, stat, statx,
 * access and readlink the names through trapped calls: the names never vanish (no ENOENT), every
 * open reads one of the complete contents, and readlink is always EINVAL. A directory listing
 * taken meanwhile always holds the names. Counts only. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define REPLACES 1500
#define READERS 2

static char dir[64];
static int dfd;
static atomic_int stop, bad_open, bad_content, bad_stat, bad_link, bad_access, bad_list, reads;

static void *replacer(void *arg) {
    (void)arg;
    char tmp[32];
    for (int i = 0; i < REPLACES; i++) {
        snprintf(tmp, sizeof tmp, "x.tmp%d", i);
        int fd = openat(dfd, tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0) continue;
        write(fd, i & 1 ? "one-one-one" : "two-two-two", 11);
        close(fd);
        renameat(dfd, tmp, dfd, "x");
    }
    return NULL;
}

static void *exchanger(void *arg) {
    (void)arg;
    while (!stop) syscall(SYS_renameat2, dfd, "p", dfd, "q", 2 /* RENAME_EXCHANGE */);
    return NULL;
}

static void check_read(int fd, int pq) {
    char buf[16] = {0};
    ssize_t n = read(fd, buf, sizeof buf - 1);
    if (pq) { if (n != 1 || (buf[0] != 'P' && buf[0] != 'Q')) bad_content++; }
    else if (n != 11 || (strcmp(buf, "one-one-one") && strcmp(buf, "two-two-two"))) bad_content++;
    reads++;
}

static void *reader(void *arg) {
    long id = (long)arg;
    char path[128];
    while (!stop) {
        for (int k = 0; k < 3; k++) {
            const char *name = k == 0 ? "x" : k == 1 ? "p" : "q";
            snprintf(path, sizeof path, "%s/%s", dir, name);
            int fd = id ? openat(dfd, name, O_RDONLY | O_CLOEXEC) : open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) bad_open++;
            else { check_read(fd, k != 0); close(fd); }
            struct stat st;
            if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) bad_stat++;
            struct statx sx;
            if (statx(AT_FDCWD, path, 0, STATX_TYPE, &sx) != 0 || !S_ISREG(sx.stx_mode)) bad_stat++;
            char t[16];
            if (readlinkat(dfd, name, t, sizeof t) != -1 || errno != EINVAL) bad_link++;
            if (faccessat(AT_FDCWD, path, R_OK, 0) != 0) bad_access++;
        }
    }
    return NULL;
}

static void *lister(void *arg) {
    (void)arg;
    while (!stop) {
        int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) { bad_list++; continue; }
        DIR *d = fdopendir(fd);
        int x = 0, p = 0, q = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, "x")) x++;
            if (!strcmp(e->d_name, "p")) p++;
            if (!strcmp(e->d_name, "q")) q++;
        }
        closedir(d);
        /* a name replaced during the listing may be seen twice on some file systems, never none */
        if (!x || !p || !q) bad_list++;
    }
    return NULL;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-ren-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    MUST(dfd);
    const char *init[][2] = { { "x", "one-one-one" }, { "p", "P" }, { "q", "Q" } };
    for (int i = 0; i < 3; i++) {
        int fd = openat(dfd, init[i][0], O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        MUST(fd);
        MUST(write(fd, init[i][1], strlen(init[i][1])));
        close(fd);
    }
    pthread_t r[READERS], rep, ex, ls;
    for (long i = 0; i < READERS; i++) MUST(-(pthread_create(&r[i], NULL, reader, (void *)i) != 0));
    MUST(-(pthread_create(&ex, NULL, exchanger, NULL) != 0));
    MUST(-(pthread_create(&ls, NULL, lister, NULL) != 0));
    MUST(-(pthread_create(&rep, NULL, replacer, NULL) != 0));
    pthread_join(rep, NULL);
    stop = 1;
    for (int i = 0; i < READERS; i++) pthread_join(r[i], NULL);
    pthread_join(ex, NULL);
    pthread_join(ls, NULL);
    printf("readers read: %s\n", reads > 0 ? "yes" : "no");
    printf("opens that failed: %d\n", bad_open);
    printf("reads of a partial or unknown content: %d\n", bad_content);
    printf("stat/statx that failed or saw no regular file: %d\n", bad_stat);
    printf("readlink not EINVAL: %d\n", bad_link);
    printf("access that failed: %d\n", bad_access);
    printf("listings missing a name: %d\n", bad_list);
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') { n++; unlinkat(dfd, e->d_name, 0); }
    closedir(d);
    printf("names left at the end: %d\n", n);
    close(dfd);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
