// Attacks on host objects through descriptors the guest holds, on the identity of what it creates,
// and on rules that name paths. One mode per argv[1]; one line per attempt: `name: ok|ERRNAME|...`.
// Used by Tests/SafehouseIntegrationTests/HostObjectAttackTests.swift, which checks the host.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static const char *err(int r) {
    if (r >= 0) return "ok";
    switch (errno) {
    case EPERM: return "EPERM"; case EACCES: return "EACCES"; case ENOENT: return "ENOENT";
    case EBADF: return "EBADF"; case EINTR: return "EINTR"; case EROFS: return "EROFS";
    case EBUSY: return "EBUSY"; case ENXIO: return "ENXIO"; default: return strerrorname_np(errno);
    }
}

// 1. Metadata calls on what the sandbox was handed: stdio and the /dev nodes.
static void metadata(void) {
    const char *names[] = { "stdin", "stdout", "stderr", "dev-null", "dev-full" };
    int fds[] = { 0, 1, 2, open("/dev/null", O_RDWR), open("/dev/full", O_WRONLY) };
    for (int i = 0; i < 5; i++) {
        printf("fchmod-%s: %s\n", names[i], err(fchmod(fds[i], 0777)));
        printf("fchown-%s: %s\n", names[i], err(fchown(fds[i], 1000, 1000)));
        printf("futimens-%s: %s\n", names[i], err(futimens(fds[i], NULL)));
        printf("fsetxattr-%s: %s\n", names[i], err(fsetxattr(fds[i], "user.pwned", "1", 1, 0)));
        printf("fremovexattr-%s: %s\n", names[i], err(fremovexattr(fds[i], "user.keep")));
        printf("fchmodat-empty-%s: %s\n", names[i], err(fchmodat(fds[i], "", 0777, AT_EMPTY_PATH)));
        printf("fchownat-empty-%s: %s\n", names[i], err(fchownat(fds[i], "", 1000, 1000, AT_EMPTY_PATH)));
    }
    // The guest's own objects stay changeable.
    int p[2];
    pipe(p);
    printf("fchmod-own-pipe: %s\n", err(fchmod(p[0], 0600)));
    int t = open("/tmp/own", O_CREAT | O_RDWR, 0644);
    printf("fchmod-own-file: %s\n", err(fchmod(t, 0600)));
}

// 2. Reopen through /proc/self/fd while another thread swaps what the number names.
static int swap_a, swap_b, swap_target;
static volatile int stop_swapping;
static void *swapper(void *arg) {
    (void)arg;
    while (!stop_swapping) { dup2(swap_a, swap_target); dup2(swap_b, swap_target); }
    return NULL;
}
static int race(int target, int flags, const struct stat *host, const char *name, int tries) {
    swap_target = target;
    swap_a = dup(target);
    char own[] = "/tmp/raceXXXXXX";
    swap_b = mkstemp(own);   // O_RDWR: lends its access mode if the supervisor rereads the table
    stop_swapping = 0;
    pthread_t t;
    pthread_create(&t, NULL, swapper, NULL);
    int wins = 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", target);
    for (int i = 0; i < tries; i++) {
        int fd = open(path, flags);
        if (fd < 0) continue;
        struct stat st;
        if (fstat(fd, &st) == 0 && st.st_dev == host->st_dev && st.st_ino == host->st_ino) {
            wins++;
            if ((flags & O_ACCMODE) != O_RDONLY) (void)!write(fd, "PWNED\n", 6);
        }
        close(fd);
    }
    stop_swapping = 1;
    pthread_join(t, NULL);
    dup2(swap_a, target);
    printf("%s: wins=%d\n", name, wins);
    return wins;
}
static void reopen(void) {
    struct stat in, out;
    fstat(0, &in);
    fstat(1, &out);
    race(0, O_RDWR, &in, "reopen-stdin-rw", 3000);
    race(1, O_RDONLY, &out, "reopen-stdout-ro", 3000);
    // Without a race: the held access still bounds a reopen.
    printf("reopen-stdin-write: %s\n", err(open("/proc/self/fd/0", O_WRONLY)));
    printf("reopen-stdin-read: %s\n", err(open("/proc/self/fd/0", O_RDONLY)));
}

// 3. Opens that wait: a removed FIFO reopened through /proc/self/fd, from several threads.
static char fifo_link[64];
static void *fifo_waiter(void *arg) { (void)arg; open(fifo_link, O_RDONLY); return NULL; }
static void on_alarm(int s) { (void)s; }
static void fifo(void) {
    mkfifo("/tmp/fifo", 0600);
    int held = open("/tmp/fifo", O_RDONLY | O_NONBLOCK);
    unlink("/tmp/fifo");
    snprintf(fifo_link, sizeof fifo_link, "/proc/self/fd/%d", held);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, fifo_waiter, NULL);
    usleep(300000);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 200; i++) close(open("/etc/hostname", O_RDONLY));
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("fifo-other-calls: %s\n", b.tv_sec - a.tv_sec < 3 ? "answered" : "stalled");
    struct sigaction sa = { .sa_handler = on_alarm };
    sigaction(SIGALRM, &sa, NULL);
    mkfifo("/tmp/fifo2", 0600);
    alarm(1);
    printf("fifo-open-interrupted: %s\n", err(open("/tmp/fifo2", O_WRONLY)));
    if (fork() == 0) { int w = open("/tmp/fifo2", O_WRONLY); (void)!write(w, "hello", 5); _exit(0); }
    int r = open("/tmp/fifo2", O_RDONLY);
    char buf[8] = { 0 };
    (void)!read(r, buf, 5);
    printf("fifo-meet: %s nonblock=%d\n", buf, (fcntl(r, F_GETFL) & O_NONBLOCK) != 0);
}

// 4. What the guest creates on the host: owner and set-id bits.
static void identity(void) {
    int fd = open("/out/suid", O_CREAT | O_WRONLY, 04755);
    close(fd);
    printf("create-suid: %s\n", err(fd));
    fd = open("/out/chmod-suid", O_CREAT | O_WRONLY, 0755);
    close(fd);
    printf("chmod-suid: %s\n", err(chmod("/out/chmod-suid", 06755)));
    fd = open("/out/fchmod-sgid", O_CREAT | O_WRONLY, 0755);
    printf("fchmod-sgid: %s\n", err(fchmod(fd, 02755)));
    printf("mkdir-sgid: %s\n", err(mkdir("/out/dir-sgid", 02755)));
    // The output directory itself is the caller's: what the guest makes in it is the guest's.
    printf("chmod-output-root: %s\n", err(chmod("/out", 0777)));
    printf("utimes-output-root: %s\n", err(utimes("/out", NULL)));
    int root = open("/out", O_RDONLY | O_DIRECTORY);
    printf("fchmod-output-root: %s\n", err(fchmod(root, 0700)));
    fflush(stdout);
}

// 5. Rules follow the object: /out/protected.txt and /out/dir/inner.txt are read-denied.
static void rules(void) {
    printf("rename-protected: %s\n", err(rename("/out/protected.txt", "/out/free.txt")));
    printf("link-protected: %s\n", err(link("/out/protected.txt", "/out/free-link.txt")));
    printf("rename-parent: %s\n", err(rename("/out/dir", "/out/dir2")));
    printf("rename-into: %s\n", err(rename("/out/plain.txt", "/out/dir/plain.txt")));
    int held = open("/out/dir/inner.txt", O_PATH);
    printf("linkat-empty-path-protected: %s\n", err(linkat(held, "", AT_FDCWD, "/out/inner-link.txt", AT_EMPTY_PATH)));
    int path = open("/out/protected.txt", O_PATH);
    printf("opath-protected: %s\n", err(path));
    printf("unlink-protected: %s\n", err(unlink("/out/protected.txt")));
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", path);
    int fd = open(link, O_RDONLY);
    printf("reopen-removed-protected: %s\n", err(fd));
    if (fd >= 0) {
        char buf[64] = { 0 };
        (void)!read(fd, buf, sizeof buf - 1);
        printf("leaked: %s\n", buf);
    }
}

// 6. Calls the kernel finishes after the VFS decided: a thread flips the path between a program the
// guest may run (/out/visible/bin, which exits 1) and a hidden one (/out/hidden/bin, which exits 0)
// while execve runs; bind and chdir into the hidden directory.
static char flip_path[64] = "/out/visible/bin";
static void *flipper(void *arg) {
    (void)arg;
    for (;;) {
        memcpy(flip_path, "/out/hidden/bin\0", 17);
        memcpy(flip_path, "/out/visible/bin", 17);
    }
    return NULL;
}
static void kernel_paths(void) {
    int wins = 0;
    for (int round = 0; round < 300; round++) {
        pid_t child = fork();
        if (child == 0) {
            pthread_t t;
            pthread_create(&t, NULL, flipper, NULL);
            char *argv[] = { "bin", NULL }, *envp[] = { NULL };
            for (int i = 0; i < 100; i++) execve(flip_path, argv, envp);
            _exit(2);
        }
        int status = 0;
        waitpid(child, &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) wins++;
    }
    printf("exec-race: %s\n", wins ? "won" : "held");
    printf("chdir-hidden: %s\n", err(chdir("/out/hidden")));
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    strcpy(addr.sun_path, "/out/hidden/sock");
    printf("bind-hidden: %s\n", err(bind(s, (struct sockaddr *)&addr, sizeof addr)));
    int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
    strcpy(addr.sun_path, "/out/readonly/sock");
    printf("bind-write-denied: %s\n", err(bind(s2, (struct sockaddr *)&addr, sizeof addr)));
    int s3 = socket(AF_UNIX, SOCK_STREAM, 0);
    strcpy(addr.sun_path, "/out/later.sock");
    printf("bind-write-denied-glob: %s\n", err(bind(s3, (struct sockaddr *)&addr, sizeof addr)));
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "metadata")) metadata();
    else if (!strcmp(mode, "reopen")) reopen();
    else if (!strcmp(mode, "fifo")) fifo();
    else if (!strcmp(mode, "identity")) identity();
    else if (!strcmp(mode, "rules")) rules();
    else if (!strcmp(mode, "kernel-paths")) kernel_paths();
    else { fprintf(stderr, "unknown mode %s\n", mode); return 2; }
    _exit(0);
}
