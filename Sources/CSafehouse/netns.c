// Network-namespace helpers for the socket broker. A network namespace is per thread, so each
// helper joins the sandbox's namespace on a short-lived thread of its own and never moves a
// supervisor worker. Sockets keep the namespace they were created in.
#define _GNU_SOURCE
#include "safehouse_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

struct netns_job {
    int netns_fd;
    int (*work)(struct netns_job *);
    int domain, type, protocol;
    int result;
};

static void *netns_thread(void *raw) {
    struct netns_job *job = raw;
    job->result = setns(job->netns_fd, CLONE_NEWNET) < 0 ? -errno : job->work(job);
    return NULL;
}

static int in_netns(struct netns_job *job) {
    pthread_t thread;
    int r = pthread_create(&thread, NULL, netns_thread, job);
    if (r != 0) return -r;
    pthread_join(thread, NULL);
    return job->result;
}

static int make_socket(struct netns_job *job) {
    int fd = socket(job->domain, job->type | SOCK_CLOEXEC, job->protocol);
    return fd < 0 ? -errno : fd;
}

int sh_socket_in_netns(int netns_fd, int domain, int type, int protocol) {
    struct netns_job job = {.netns_fd = netns_fd, .work = make_socket, .domain = domain, .type = type,
                            .protocol = protocol};
    return in_netns(&job);
}

// `ip route add local <family>/0 dev lo table local`: every address is the namespace's own, so a
// datagram the guest sends anywhere is delivered inside the namespace (to a relay socket the
// supervisor bound at an allowed destination, or to nobody) and nothing is ever forwarded.
static int add_local_default_route(int netlink, unsigned char family) {
    struct {
        struct nlmsghdr header;
        struct rtmsg route;
        char attributes[32];
    } request;
    memset(&request, 0, sizeof request);
    request.header.nlmsg_type = RTM_NEWROUTE;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK;
    request.header.nlmsg_seq = family;
    request.route.rtm_family = family;
    request.route.rtm_dst_len = 0;
    request.route.rtm_table = RT_TABLE_LOCAL;
    request.route.rtm_protocol = RTPROT_BOOT;
    request.route.rtm_scope = RT_SCOPE_HOST;
    request.route.rtm_type = RTN_LOCAL;
    struct rtattr *oif = (struct rtattr *)((char *)&request + NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct rtmsg))));
    oif->rta_type = RTA_OIF;
    oif->rta_len = RTA_LENGTH(sizeof(int));
    int lo = (int)if_nametoindex("lo");
    if (lo == 0) return -ENODEV;
    memcpy(RTA_DATA(oif), &lo, sizeof lo);
    request.header.nlmsg_len = NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct rtmsg))) + oif->rta_len;
    if (send(netlink, &request, request.header.nlmsg_len, 0) < 0) return -errno;
    char reply[512];
    ssize_t n = recv(netlink, reply, sizeof reply, 0);
    if (n < 0) return -errno;
    struct nlmsghdr *answer = (struct nlmsghdr *)reply;
    if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) || answer->nlmsg_type != NLMSG_ERROR) return -EPROTO;
    return ((struct nlmsgerr *)NLMSG_DATA(answer))->error;
}

static int route_all_local(struct netns_job *job) {
    (void)job;
    int netlink = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (netlink < 0) return -errno;
    int r = add_local_default_route(netlink, AF_INET);
    // IPv6 may be disabled in the namespace: then no IPv6 datagram can leave it either.
    if (r == 0) {
        int r6 = add_local_default_route(netlink, AF_INET6);
        if (r6 != 0 && r6 != -EAFNOSUPPORT && r6 != -EOPNOTSUPP) r = r6;
    }
    close(netlink);
    return r;
}

int sh_netns_route_all_local(int netns_fd) {
    struct netns_job job = {.netns_fd = netns_fd, .work = route_all_local};
    return in_netns(&job);
}

int sh_thread_become(uint32_t uid, uint32_t gid) {
    // Raw syscalls: glibc's setresuid would change every thread of the supervisor.
    if (syscall(SYS_setgroups, 0, NULL) < 0) return -errno;
    if (syscall(SYS_setresgid, gid, gid, gid) < 0) return -errno;
    if (syscall(SYS_setresuid, uid, uid, uid) < 0) return -errno;
    return 0;
}

int sh_connect(int fd, const void *address, unsigned int length) {
    return connect(fd, address, length) < 0 ? -errno : 0;
}

int sh_wake_fd(void) {
    int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    return fd < 0 ? -errno : fd;
}

// A sock_diag netlink socket subscribed to the kernel's TCP socket-destroy broadcasts (IPv4 and
// IPv6), which carry each socket's cookie and tcp_info: the bytes it sent and received.
int sh_tcp_destroy_listener(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_SOCK_DIAG);
    if (fd < 0) return -errno;
    struct sockaddr_nl local = {.nl_family = AF_NETLINK};
    int groups[] = {1 /* SKNLGRP_INET_TCP_DESTROY */, 3 /* SKNLGRP_INET6_TCP_DESTROY */};
    if (bind(fd, (struct sockaddr *)&local, sizeof local) < 0) goto fail;
    for (unsigned i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &groups[i], sizeof groups[i]) < 0) goto fail;
    }
    return fd;
fail:;
    int e = errno;
    close(fd);
    return -e;
}

// ---------------------------------------------------------------------------------------------
// Descriptor passing and detached start, for the sandbox service (create/exec).

int sh_send_fds(int sock, const void *data, size_t length, const int *fds, int nfds) {
    struct iovec iov = {(void *)data, length};
    char control[CMSG_SPACE(3 * sizeof(int))];
    memset(control, 0, sizeof control);
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
    if (nfds > 0 && nfds <= 3) {
        mh.msg_control = control;
        mh.msg_controllen = CMSG_SPACE((size_t)nfds * sizeof(int));
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN((size_t)nfds * sizeof(int));
        memcpy(CMSG_DATA(cm), fds, (size_t)nfds * sizeof(int));
    }
    ssize_t n;
    do { n = sendmsg(sock, &mh, MSG_NOSIGNAL); } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : (int)n;
}

int sh_recv_fds(int sock, void *data, size_t capacity, int *fds, int *nfds) {
    struct iovec iov = {data, capacity};
    char control[CMSG_SPACE(3 * sizeof(int))];
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    ssize_t n;
    do { n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC); } while (n < 0 && errno == EINTR);
    *nfds = 0;
    if (n < 0) return -errno;
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
        if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) continue;
        int count = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(cm) + (size_t)i * sizeof(int), sizeof fd);
            if (*nfds < 3) fds[(*nfds)++] = fd; else close(fd);
        }
    }
    return (int)n;
}

int sh_peer_uid(int sock, uint32_t *uid) {
    struct ucred cred;
    socklen_t length = sizeof cred;
    if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &length) < 0) return -errno;
    *uid = cred.uid;
    return 0;
}

int sh_spawn_detached(const char *path, char *const argv[], char *const envp[], int keep_fd) {
    pid_t pid = fork();
    if (pid < 0) return -errno;
    if (pid > 0) return pid;
    // The child: a session of its own, no terminal, nothing of the caller's but `keep_fd`.
    setsid();
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (null > 2 && null != keep_fd) close(null);
    }
    if (keep_fd > 3) syscall(SYS_close_range, 3, keep_fd - 1, 0);
    syscall(SYS_close_range, keep_fd + 1, ~0U, 0);
    int flags = fcntl(keep_fd, F_GETFD);
    if (flags >= 0) fcntl(keep_fd, F_SETFD, flags & ~FD_CLOEXEC);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(path, argv, envp);
    _exit(127);
}
