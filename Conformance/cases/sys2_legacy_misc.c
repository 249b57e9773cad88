// syscalls: tkill inotify_init inotify_add_watch socketpair remap_file_pages accept recvmmsg socket bind listen connect sendto rt_sigaction rt_sigprocmask rt_sigtimedwait mmap munmap
// expect: same
#include "common.h"
#include <signal.h>
#include <stddef.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

/* Older or rarer entry points: tkill, inotify_init, remap_file_pages, accept, recvmmsg. */
int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    MUST(sigprocmask(SIG_BLOCK, &set, NULL));
    REPORT("tkill self SIGUSR2", syscall(SYS_tkill, syscall(SYS_gettid), SIGUSR2));
    struct timespec to = { 1, 0 };
    siginfo_t si;
    int got = sigtimedwait(&set, &si, &to);
    printf("sigtimedwait got SIGUSR2: %d si_code SI_TKILL: %d\n", got == SIGUSR2, si.si_code == SI_TKILL);
    REPORT("tkill tid 0", syscall(SYS_tkill, 0, SIGUSR2));
    REPORT("tkill bad signal", syscall(SYS_tkill, syscall(SYS_gettid), 999));

    int in = syscall(SYS_inotify_init);
    FACT("inotify_init", in >= 0);
    int wd = inotify_add_watch(in, "/tmp", IN_CREATE);
    FACT("inotify_add_watch on inotify_init fd", wd >= 0);
    close(in);

    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    m[0] = 'a'; m[page] = 'b'; m[2 * page] = 'c';
    REPORT("remap_file_pages pgoff 2 at page 0", syscall(SYS_remap_file_pages, m, page, 0, 2, 0));
    printf("after remap: %c %c %c\n", m[0], m[page], m[2 * page]);
    REPORT("remap_file_pages unaligned", syscall(SYS_remap_file_pages, m + 1, page, 0, 0, 0));
    munmap(m, 3 * page);

    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strcpy(a.sun_path + 1, "sys2-legacy-misc-abstract");
    socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a.sun_path + 1);
    MUST(bind(s, (struct sockaddr *)&a, alen));
    MUST(listen(s, 1));
    int cl = socket(AF_UNIX, SOCK_STREAM, 0);
    MUST(connect(cl, (struct sockaddr *)&a, alen));
    int acc = syscall(SYS_accept, s, NULL, NULL);
    FACT("accept (not accept4)", acc >= 0);
    REPORT("accept on non-listening socket", syscall(SYS_accept, cl, NULL, NULL));
    close(acc);
    close(cl);
    close(s);

    int d[2];
    MUST(socketpair(AF_UNIX, SOCK_DGRAM, 0, d));
    send(d[0], "one", 3, 0);
    send(d[0], "two!", 4, 0);
    char b1[8] = { 0 }, b2[8] = { 0 };
    struct iovec i1 = { b1, 8 }, i2 = { b2, 8 };
    struct mmsghdr mm[3] = { { .msg_hdr = { .msg_iov = &i1, .msg_iovlen = 1 } },
                             { .msg_hdr = { .msg_iov = &i2, .msg_iovlen = 1 } },
                             { .msg_hdr = { .msg_iov = &i2, .msg_iovlen = 1 } } };
    int n = recvmmsg(d[1], mm, 3, MSG_DONTWAIT, NULL);
    printf("recvmmsg: %d lens %u %u data %s %s\n", n, mm[0].msg_len, mm[1].msg_len, b1, b2);
    REPORT("recvmmsg empty DONTWAIT", recvmmsg(d[1], mm, 3, MSG_DONTWAIT, NULL));
    struct timespec bad = { 0, 2000000000 };
    REPORT("recvmmsg bad timeout", recvmmsg(d[1], mm, 1, 0, &bad));
    return 0;
}
