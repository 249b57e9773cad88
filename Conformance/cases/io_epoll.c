// syscalls: epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait epoll_pwait2 pipe2 eventfd2
// expect: same
/* epoll: ctl errors (EEXIST, ENOENT, EINVAL on itself, EPERM on a regular file, EBADF),
 * level vs edge triggering, EPOLLONESHOT re-arming, EPOLL_CTL_MOD, epoll_pwait2 with a zero timeout. */
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

static void waitreport(const char *label, int ep, int timeout) {
    struct epoll_event ev[8];
    int n = epoll_wait(ep, ev, 8, timeout);
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: %d", label, n);
    for (int i = 0; i < n; i++)
        printf(" [data=%llu%s%s%s]", (unsigned long long)ev[i].data.u64, (ev[i].events & EPOLLIN) ? " IN" : "",
               (ev[i].events & EPOLLOUT) ? " OUT" : "", (ev[i].events & EPOLLHUP) ? " HUP" : "");
    printf("\n");
}

int main(void) {
    int ep = epoll_create1(EPOLL_CLOEXEC);
    MUST(ep);
    FACT("EPOLL_CLOEXEC sets FD_CLOEXEC", fcntl(ep, F_GETFD) == FD_CLOEXEC);
    REPORT("epoll_create1 bad flags", epoll_create1(1));
    REPORT("epoll_create 0", epoll_create(0));
    REPORT("epoll_create -1", epoll_create(-1));
    int ep2 = epoll_create(1);
    FACT("epoll_create 1 works", ep2 >= 0);

    int p[2];
    MUST(pipe2(p, O_NONBLOCK));
    struct epoll_event e = { .events = EPOLLIN, .data.u64 = 1 };
    REPORT("add pipe read end", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
    REPORT("add again (EEXIST)", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
    REPORT("mod unregistered (ENOENT)", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &e));
    REPORT("del unregistered (ENOENT)", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], &e));
    REPORT("add itself (EINVAL)", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &e));
    REPORT("add bad fd (EBADF)", epoll_ctl(ep, EPOLL_CTL_ADD, 999, &e));
    REPORT("ctl on non-epoll fd (EINVAL)", epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &e));
    REPORT("bad op (EINVAL)", epoll_ctl(ep, 77, p[0], &e));
    char tmp[] = "/tmp/conf-epoll-XXXXXX";
    int f = mkstemp(tmp);
    MUST(f); unlink(tmp);
    REPORT("add regular file (EPERM)", epoll_ctl(ep, EPOLL_CTL_ADD, f, &e));
    struct epoll_event ex = { .events = EPOLLIN | EPOLLEXCLUSIVE, .data.u64 = 9 };
    REPORT("mod with EPOLLEXCLUSIVE (EINVAL)", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ex));
    REPORT("epoll_wait maxevents 0", epoll_wait(ep, &e, 0, 0));
    REPORT("epoll_wait on pipe fd", epoll_wait(p[0], &e, 1, 0));

    waitreport("empty pipe, timeout 0", ep, 0);
    write(p[1], "ab", 2);
    waitreport("level 1st", ep, 0);
    waitreport("level 2nd (still readable)", ep, 0);
    char c;
    read(p[0], &c, 1); read(p[0], &c, 1);
    waitreport("level after drain", ep, 0);

    e.events = EPOLLIN | EPOLLET; e.data.u64 = 2;
    REPORT("mod to edge-triggered", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    write(p[1], "ab", 2);
    waitreport("edge 1st", ep, 0);
    waitreport("edge 2nd (no new data)", ep, 0);
    write(p[1], "c", 1);
    waitreport("edge after new write", ep, 0);
    while (read(p[0], &c, 1) == 1) {}

    e.events = EPOLLIN | EPOLLONESHOT; e.data.u64 = 3;
    REPORT("mod to oneshot", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    write(p[1], "x", 1);
    waitreport("oneshot 1st", ep, 0);
    write(p[1], "y", 1);
    waitreport("oneshot disarmed", ep, 0);
    REPORT("add after oneshot (still EEXIST)", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
    e.data.u64 = 4;
    REPORT("re-arm with MOD", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    waitreport("oneshot re-armed", ep, 0);

    e.events = EPOLLOUT; e.data.u64 = 5;
    REPORT("add write end for OUT", epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &e));
    waitreport("write end writable", ep, 0);
    REPORT("del write end", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));

    int efd = eventfd(1, EFD_NONBLOCK);
    e.events = EPOLLIN; e.data.u64 = 6;
    REPORT("add eventfd to second epoll", epoll_ctl(ep2, EPOLL_CTL_ADD, efd, &e));
    e.events = EPOLLIN; e.data.u64 = 7;
    REPORT("nest epoll in epoll", epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &e));
    REPORT("del pipe read", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
    waitreport("nested epoll readable", ep, 0);
    REPORT("loop: add outer into inner (ELOOP)", epoll_ctl(ep2, EPOLL_CTL_ADD, ep, &e));

    struct epoll_event out[4];
    struct timespec zero = { 0, 0 };
    long n = syscall(SYS_epoll_pwait2, ep2, out, 4, &zero, NULL, 0);
    printf("epoll_pwait2 zero timeout: %s %ld\n", n < 0 ? errname(errno) : "ok", n);
    uint64_t v; read(efd, &v, 8);
    n = syscall(SYS_epoll_pwait2, ep2, out, 4, &zero, NULL, 0);
    printf("epoll_pwait2 after drain: %s %ld\n", n < 0 ? errname(errno) : "ok", n);
    struct timespec bad = { 0, 2000000000L };
    n = syscall(SYS_epoll_pwait2, ep2, out, 4, &bad, NULL, 0);
    printf("epoll_pwait2 bad nsec: %s\n", n < 0 ? errname(errno) : "ok");
    struct timespec shortt = { 0, 1000000 };
    n = syscall(SYS_epoll_pwait2, ep2, out, 4, &shortt, NULL, 0);
    printf("epoll_pwait2 1ms timeout: %s %ld\n", n < 0 ? errname(errno) : "ok", n);
    sigset_t ss; sigemptyset(&ss);
    n = epoll_pwait(ep2, out, 4, 0, &ss);
    printf("epoll_pwait: %ld\n", n);

    close(p[1]);
    e.events = EPOLLIN; e.data.u64 = 8;
    epoll_ctl(ep2, EPOLL_CTL_ADD, p[0], &e);
    n = epoll_wait(ep2, out, 4, 0);
    printf("writer closed: %ld events%s\n", n, (n == 1 && (out[0].events & EPOLLHUP)) ? " HUP" : "");
    return 0;
}
