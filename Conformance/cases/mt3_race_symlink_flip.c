// syscalls: openat symlinkat renameat readlinkat readlink newfstatat clone futex
// expect: same
/* A thread keeps re-pointing symlinks with symlink+rename (a file link between two files, a
 * directory link between two directories holding the same name) while readers use them through
 * trapped calls: readlink always gives one of the two targets, opening through the link always
 * reaches one complete file, lstat always sees a link, O_NOFOLLOW always fails with ELOOP and a
 * path through the directory link always resolves. Counts only. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>

#define FLIPS 1500
#define READERS 2

static char dir[64];
static int dfd;
static atomic_int stop, bad_readlink, bad_open, bad_lstat, bad_nofollow, bad_dirpath, bad_stat, looks;

static void *flipper(void *arg) {
    (void)arg;
    for (int i = 0; i < FLIPS; i++) {
        symlinkat(i & 1 ? "a" : "b", dfd, "l.new");
        renameat(dfd, "l.new", dfd, "l");
        symlinkat(i & 1 ? "d2" : "d1", dfd, "dl.new");
        renameat(dfd, "dl.new", dfd, "dl");
    }
    return NULL;
}

static void *reader(void *arg) {
    long id = (long)arg;
    char path[128], t[32];
    while (!stop) {
        ssize_t n = id ? readlinkat(dfd, "l", t, sizeof t - 1) : ({ snprintf(path, sizeof path, "%s/l", dir); readlink(path, t, sizeof t - 1); });
        if (n != 1 || (t[0] != 'a' && t[0] != 'b')) bad_readlink++;
        int fd = openat(dfd, "l", O_RDONLY | O_CLOEXEC);
        if (fd < 0) bad_open++;
        else {
            char c[8] = {0};
            if (read(fd, c, sizeof c - 1) != 5 || (strcmp(c, "AAAAA") && strcmp(c, "BBBBB"))) bad_open++;
            close(fd);
        }
        struct stat st;
        if (fstatat(dfd, "l", &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(st.st_mode)) bad_lstat++;
        if (fstatat(dfd, "l", &st, 0) != 0 || !S_ISREG(st.st_mode)) bad_stat++;
        if (openat(dfd, "l", O_RDONLY | O_NOFOLLOW | O_CLOEXEC) != -1 || errno != ELOOP) bad_nofollow++;
        snprintf(path, sizeof path, "%s/dl/f", dir);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) bad_dirpath++;
        else {
            char c[4] = {0};
            if (read(fd, c, 3) != 1 || (c[0] != '1' && c[0] != '2')) bad_dirpath++;
            close(fd);
        }
        if (fstatat(dfd, "dl/f", &st, 0) != 0 || !S_ISREG(st.st_mode)) bad_dirpath++;
        if (fstatat(dfd, "dl/missing", &st, 0) != -1 || errno != ENOENT) bad_dirpath++;
        looks++;
    }
    return NULL;
}

static void put(const char *name, const char *text) {
    int fd = openat(dfd, name, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

int main(void) {
    strcpy(dir, "/tmp/mt3-flip-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    MUST(dfd);
    put("a", "AAAAA");
    put("b", "BBBBB");
    MUST(mkdirat(dfd, "d1", 0755));
    MUST(mkdirat(dfd, "d2", 0755));
    put("d1/f", "1");
    put("d2/f", "2");
    MUST(symlinkat("a", dfd, "l"));
    MUST(symlinkat("d1", dfd, "dl"));
    pthread_t r[READERS], f;
    for (long i = 0; i < READERS; i++) MUST(-(pthread_create(&r[i], NULL, reader, (void *)i) != 0));
    MUST(-(pthread_create(&f, NULL, flipper, NULL) != 0));
    pthread_join(f, NULL);
    stop = 1;
    for (int i = 0; i < READERS; i++) pthread_join(r[i], NULL);
    printf("readers looked: %s\n", looks > 0 ? "yes" : "no");
    printf("readlink not one of the targets: %d\n", bad_readlink);
    printf("open through the link failed or read a partial file: %d\n", bad_open);
    printf("lstat not a link: %d\n", bad_lstat);
    printf("stat through the link failed: %d\n", bad_stat);
    printf("O_NOFOLLOW not ELOOP: %d\n", bad_nofollow);
    printf("paths through the directory link wrong: %d\n", bad_dirpath);
    char t[8] = {0};
    readlinkat(dfd, "l", t, sizeof t - 1);
    printf("final link target: %s\n", t);
    unlinkat(dfd, "l", 0); unlinkat(dfd, "dl", 0); unlinkat(dfd, "a", 0); unlinkat(dfd, "b", 0);
    unlinkat(dfd, "d1/f", 0); unlinkat(dfd, "d2/f", 0);
    unlinkat(dfd, "d1", AT_REMOVEDIR); unlinkat(dfd, "d2", AT_REMOVEDIR);
    close(dfd);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
