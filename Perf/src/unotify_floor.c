/* unotify_floor pinned|unpinned|split|syncwake [TARGET_MS] [REPS]
 * The floor for a trapped syscall: a raw seccomp user-notification ping-pong,
 * no sandbox logic at all. A child process installs a filter that returns
 * SECCOMP_RET_USER_NOTIF for uname and passes the listener fd to the parent;
 * the parent loops on SECCOMP_IOCTL_NOTIF_RECV / SECCOMP_IOCTL_NOTIF_SEND
 * (val 0); the child times its uname calls. Modes:
 *   pinned    parent and child on CPU 0
 *   unpinned  no affinity: the scheduler decides (cross-CPU wake-ups)
 *   split     parent on CPU 0, child on CPU 1 (always cross-CPU)
 *   syncwake  unpinned, with SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6+)
 * Output: ns_per_roundtrip median=... min=... calls=... */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#define DONE ((void *)1) /* uname(1): tells the parent the child has finished */

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) { perror("sched_setaffinity"); exit(1); }
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int install_filter(void) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_uname, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof code / sizeof code[0], code };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) { perror("no_new_privs"); exit(1); }
    int fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
    if (fd < 0) { perror("seccomp"); exit(1); }
    return fd;
}

static void send_fd(int sock, int fd) {
    char byte = 0, ctl[CMSG_SPACE(sizeof(int))] = {0};
    struct iovec iov = { &byte, 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    if (sendmsg(sock, &m, 0) != 1) { perror("sendmsg"); exit(1); }
}

static int recv_fd(int sock) {
    char byte, ctl[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { &byte, 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
    if (recvmsg(sock, &m, 0) != 1) { perror("recvmsg"); exit(1); }
    int fd;
    memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof fd);
    return fd;
}

static void child(int sock, long long target, int reps) {
    send_fd(sock, install_filter());
    double per[100];
    long long total = 0;
    for (int i = 0; i < 1000; i++) syscall(SYS_uname, NULL); /* warm up */
    for (int r = 0; r < reps; r++) {
        long long calls = 0, start = now_ns(), elapsed;
        do {
            for (int i = 0; i < 64; i++) syscall(SYS_uname, NULL);
            calls += 64;
            elapsed = now_ns() - start;
        } while (elapsed < target);
        per[r] = (double)elapsed / calls;
        total += calls;
    }
    syscall(SYS_uname, DONE);
    qsort(per, reps, sizeof per[0], cmp);
    printf("ns_per_roundtrip median=%.1f min=%.1f calls=%lld\n", per[reps / 2], per[0], total);
    exit(0);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "pinned") && strcmp(mode, "unpinned") && strcmp(mode, "split") && strcmp(mode, "syncwake")) {
        fprintf(stderr, "usage: unotify_floor pinned|unpinned|split|syncwake [TARGET_MS] [REPS]\n");
        return 2;
    }
    long long target = (argc > 2 ? atoll(argv[2]) : 200) * 1000000LL;
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    if (reps < 1 || reps > 100) reps = 5;
    if (strcmp(mode, "split") == 0 && sysconf(_SC_NPROCESSORS_ONLN) < 2) {
        fprintf(stderr, "split needs 2 CPUs\n");
        return 1;
    }
    if (strcmp(mode, "pinned") == 0 || strcmp(mode, "split") == 0) pin(0);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) { perror("socketpair"); return 1; }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (strcmp(mode, "split") == 0) pin(1);
        child(sv[1], target, reps);
    }
    int fd = recv_fd(sv[0]);
    if (strcmp(mode, "syncwake") == 0 &&
        ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, 0) != 0) {
        perror("SECCOMP_IOCTL_NOTIF_SET_FLAGS");
        kill(pid, SIGKILL);
        return 1;
    }
    struct seccomp_notif req;
    struct seccomp_notif_resp resp;
    for (;;) {
        memset(&req, 0, sizeof req);
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
            if (errno == EINTR) continue;
            perror("SECCOMP_IOCTL_NOTIF_RECV");
            break;
        }
        memset(&resp, 0, sizeof resp);
        resp.id = req.id; /* val 0, error 0: uname "succeeds" without touching memory */
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0 && errno != ENOENT) perror("SECCOMP_IOCTL_NOTIF_SEND");
        if (req.data.args[0] == (unsigned long)DONE) break;
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
