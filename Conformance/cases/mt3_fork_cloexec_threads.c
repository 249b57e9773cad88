// syscalls: openat open socket accept4 fcntl dup3 execve clone wait4 readlink
// expect: same
/* Descriptors made by trapped calls in several threads (openat of a file, of a directory, of a
 * /proc file, open(2), AF_UNIX socket, accept4), some with O_CLOEXEC/SOCK_CLOEXEC and some with
 * the flag flipped by fcntl in another thread, then fork+exec from yet another thread: the new
 * image holds exactly the descriptors without close-on-exec, each still naming its object. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>

enum { N = 10 };
static const char *what[N] = {
    "file O_CLOEXEC", "file", "directory O_CLOEXEC", "directory", "/proc/self/status O_CLOEXEC",
    "open(2) file", "socket SOCK_CLOEXEC", "accept4 SOCK_CLOEXEC", "file, FD_CLOEXEC set by a thread",
    "file O_CLOEXEC, FD_CLOEXEC cleared by a thread",
};
static const int slot[N] = { 40, 41, 42, 43, 44, 45, 46, 47, 48, 49 };
static char dir[64], file[96], sock[96];
static char *self;
static pthread_barrier_t opened;

static void place(int fd, int i) {
    /* dup3 keeps the flag the open chose only if we pass it on */
    int fl = fcntl(fd, F_GETFD);
    MUST(dup3(fd, slot[i], fl & FD_CLOEXEC ? O_CLOEXEC : 0));
    close(fd);
}

static void *opener(void *arg) {
    long part = (long)arg;
    if (part == 0) {
        place(openat(AT_FDCWD, file, O_RDONLY | O_CLOEXEC), 0);
        place(openat(AT_FDCWD, file, O_RDONLY), 1);
        place(openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), 2);
        place(openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY), 3);
        place(openat(AT_FDCWD, "/proc/self/status", O_RDONLY | O_CLOEXEC), 4);
    } else {
        place((int)syscall(SYS_open, file, O_RDONLY), 5);
        int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        MUST(l);
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        strcpy(a.sun_path, sock);
        MUST(bind(l, (struct sockaddr *)&a, sizeof a));
        MUST(listen(l, 4));
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        MUST(connect(c, (struct sockaddr *)&a, sizeof a));
        int acc = accept4(l, NULL, NULL, SOCK_CLOEXEC);
        MUST(acc);
        place(l, 6);
        place(acc, 7);
        close(c);
        place(openat(AT_FDCWD, file, O_RDONLY), 8);
        place(openat(AT_FDCWD, file, O_RDONLY | O_CLOEXEC), 9);
    }
    pthread_barrier_wait(&opened);
    return NULL;
}

static void *flipper(void *arg) {
    (void)arg;
    pthread_barrier_wait(&opened);
    MUST(fcntl(slot[8], F_SETFD, FD_CLOEXEC));
    MUST(fcntl(slot[9], F_SETFD, 0));
    return NULL;
}

static void *execer(void *arg) {
    (void)arg;
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) { execl(self, self, "probe", (char *)NULL); _exit(98); }
    int st;
    waitpid(c, &st, 0);
    return (void *)(long)(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static const char *kind(int fd) {
    char link[256];
    static char out[64];
    char p[32];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, link, sizeof link - 1);
    if (n < 0) return errname(errno);
    link[n] = 0;
    if (!strncmp(link, "socket:[", 8)) return "socket";
    const char *base = strrchr(link, '/');
    snprintf(out, sizeof out, "%.60s", base ? base + 1 : link);
    if (!strncmp(out, "mt3-cx-", 7)) return "the scratch directory";
    return out;
}

int main(int argc, char **argv) {
    if (argc > 1) {
        for (int i = 0; i < N; i++) {
            int fl = fcntl(slot[i], F_GETFD);
            printf("after exec: %-46s %s", what[i], fl < 0 ? errname(errno) : "open");
            if (fl >= 0) printf(", names %s", kind(slot[i]));
            printf("\n");
        }
        return 0;
    }
    self = argv[0];
    strcpy(dir, "/tmp/mt3-cx-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    snprintf(file, sizeof file, "%s/data", dir);
    snprintf(sock, sizeof sock, "%s/sock", dir);
    int f = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    MUST(f);
    close(f);
    pthread_barrier_init(&opened, NULL, 3);
    pthread_t t[3];
    MUST(-(pthread_create(&t[0], NULL, opener, (void *)0L) != 0));
    MUST(-(pthread_create(&t[1], NULL, opener, (void *)1L) != 0));
    MUST(-(pthread_create(&t[2], NULL, flipper, NULL) != 0));
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < N; i++) {
        int fl = fcntl(slot[i], F_GETFD);
        printf("before exec: %-46s %s\n", what[i], fl < 0 ? errname(errno) : fl & FD_CLOEXEC ? "close-on-exec" : "inherited");
    }
    pthread_t e;
    MUST(-(pthread_create(&e, NULL, execer, NULL) != 0));
    void *status;
    pthread_join(e, &status);
    printf("probe exit: %ld\n", (long)status);
    int wrong = 0;
    for (int i = 0; i < N; i++) if ((fcntl(slot[i], F_GETFD) >= 0) != 1) wrong++;
    printf("parent still holds all %d: %s\n", N, wrong ? "no" : "yes");
    for (int i = 0; i < N; i++) close(slot[i]);
    unlink(sock);
    unlink(file);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
