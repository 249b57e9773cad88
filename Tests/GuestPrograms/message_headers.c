/* Guest-controlled message headers the supervisor parses (sendmsg/sendmmsg destinations and
 * SCM_CREDENTIALS): full-range lengths and pointers. Prints errno names; the last line shows the
 * supervisor still answers. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void report(const char *label, long r) {
    printf("%s: %s\n", label, r < 0 ? strerrorname_np(errno) : "ok");
}

int main(void) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0) return 99;
    char data = 'x';
    struct iovec iov = { &data, 1 };
    char control[64];
    memset(control, 0, sizeof control);
    struct cmsghdr *c = (struct cmsghdr *)control;
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    c->cmsg_len = SIZE_MAX;
    report("cmsg_len SIZE_MAX", sendmsg(sv[0], &m, 0));
    c->cmsg_len = (size_t)1 << 63;
    report("cmsg_len 2^63", sendmsg(sv[0], &m, 0));
    c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    m.msg_controllen = SIZE_MAX;
    report("msg_controllen SIZE_MAX", sendmsg(sv[0], &m, 0));
    m.msg_controllen = ((size_t)1 << 63) + 1;
    report("msg_controllen 2^63+1", sendmsg(sv[0], &m, 0));
    m.msg_controllen = sizeof control;
    m.msg_control = (void *)1;
    report("msg_control (void*)1", sendmsg(sv[0], &m, 0));
    struct msghdr named = { .msg_name = (void *)1, .msg_namelen = 0x7fffffff, .msg_iov = &iov, .msg_iovlen = 1 };
    report("msg_name (void*)1, namelen INT_MAX", sendmsg(sv[0], &named, 0));
    named.msg_namelen = (socklen_t)-1;
    report("msg_namelen -1", sendmsg(sv[0], &named, 0));
    struct mmsghdr vec[2] = { { .msg_hdr = { .msg_iov = &iov, .msg_iovlen = 1 } },
                              { .msg_hdr = { .msg_name = (void *)1, .msg_namelen = 16, .msg_iov = &iov, .msg_iovlen = 1 } } };
    printf("sendmmsg, second name unreadable: %ld\n", syscall(307, sv[0], vec, 2, 0));
    report("sendmmsg vector (void*)1", syscall(307, sv[0], (void *)1, 4, 0));
    report("still answered", access("/tmp", F_OK));
    return 0;
}
