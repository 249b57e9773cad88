// syscalls: sendto sendmsg sendmmsg
// expect: same
/* Sends that carry an address, with two faults at once: a bad or non-socket descriptor against
 * an oversized, negative or unmapped address (the kernel looks at the descriptor first), the
 * msghdr itself unmapped, MSG_FASTOPEN on a bad descriptor and on an AF_UNIX datagram socket,
 * a negative msg_namelen whose name lies at the end of a mapping, and sendmmsg vectors that run
 * into an unmapped page after some messages were sent (the count sent so far is returned). */
#include "common.h"
#include <fcntl.h>
#include <stddef.h>
#include <ftw.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "err_util.h"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif

/* The first byte of an inaccessible page that follows a zeroed, writable one. */
static char *new_edge(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    return m + 4096;
}

static int rx = -1;

/* Datagrams waiting on rx (read and dropped), so the queue never fills. */
static void drain(const char *label) {
    int got = 0;
    char rb[8];
    while (recv(rx, rb, sizeof rb, MSG_DONTWAIT) >= 0) got++;
    printf("  %s: %d datagrams arrived\n", label, got);
}

int main(void) {
    char *edge = new_edge(), *edge2 = new_edge(), *edge3 = new_edge();
    char *m = edge - 4096;
    enter_scratch("err3-send");
    rx = socket(AF_UNIX, SOCK_DGRAM, 0);
    MUST(rx);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    strcpy(sun.sun_path, "rx");
    socklen_t sunlen = offsetof(struct sockaddr_un, sun_path) + 3;
    MUST(bind(rx, (struct sockaddr *)&sun, sunlen));
    int tx = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    MUST(tx);
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv));
    int pp[2];
    MUST(pipe(pp));
    int ffd = open("f", O_CREAT | O_RDWR, 0644);
    MUST(ffd);
    /* sun at the very end of the mapping */
    struct sockaddr_un *edge_sun = (struct sockaddr_un *)(edge - sunlen);
    memcpy(edge_sun, &sun, sunlen);

    REPORT("sendto ok", sendto(tx, "x", 1, 0, (struct sockaddr *)&sun, sunlen));
    REPORT("sendto fd -1, addrlen 200", sendto(-1, "x", 1, 0, (struct sockaddr *)&sun, 200));
    REPORT("sendto fd -1, addrlen -1", syscall(SYS_sendto, -1, "x", 1L, 0, &sun, -1L));
    REPORT("sendto fd -1, address (void*)1", sendto(-1, "x", 1, 0, (struct sockaddr *)1, 16));
    REPORT("sendto fd -1, NULL buffer, address (void*)1", sendto(-1, NULL, 1, 0, (struct sockaddr *)1, 16));
    REPORT("sendto fd -1, MSG_FASTOPEN", sendto(-1, "x", 1, MSG_FASTOPEN, (struct sockaddr *)&sun, sunlen));
    REPORT("sendto pipe, address (void*)1", sendto(pp[1], "x", 1, 0, (struct sockaddr *)1, 16));
    REPORT("sendto pipe, addrlen 200", sendto(pp[1], "x", 1, 0, (struct sockaddr *)&sun, 200));
    REPORT("sendto file, MSG_FASTOPEN", sendto(ffd, "x", 1, MSG_FASTOPEN, (struct sockaddr *)&sun, sunlen));
    REPORT("sendto unix dgram, MSG_FASTOPEN", sendto(tx, "x", 1, MSG_FASTOPEN, (struct sockaddr *)&sun, sunlen));
    REPORT("sendto address straddling edge", sendto(tx, "x", 1, 0, (struct sockaddr *)(edge - 4), sunlen));
    REPORT("sendto address ending at edge", sendto(tx, "x", 1, 0, (struct sockaddr *)edge_sun, sunlen));
    REPORT("sendto addrlen 0, address (void*)1", sendto(tx, "x", 1, 0, (struct sockaddr *)1, 0));
    REPORT("sendto addrlen 129", sendto(tx, "x", 1, 0, (struct sockaddr *)m, 129));
    REPORT("sendto addrlen 128", sendto(tx, "x", 1, 0, (struct sockaddr *)m, 128));

    struct iovec iov = { "y", 1 };
    struct msghdr msg = { .msg_name = &sun, .msg_namelen = sunlen, .msg_iov = &iov, .msg_iovlen = 1 };
    REPORT("sendmsg ok", sendmsg(tx, &msg, 0));
    REPORT("sendmsg fd -1, NULL msghdr", syscall(SYS_sendmsg, -1, NULL, 0));
    REPORT("sendmsg fd INT_MAX, (void*)1 msghdr", syscall(SYS_sendmsg, 0x7fffffff, (void *)1, 0));
    REPORT("sendmsg pipe, NULL msghdr", syscall(SYS_sendmsg, pp[1], NULL, 0));
    REPORT("sendmsg file, NULL msghdr", syscall(SYS_sendmsg, ffd, NULL, 0));
    REPORT("sendmsg fd -1, MSG_FASTOPEN", sendmsg(-1, &msg, MSG_FASTOPEN));
    REPORT("sendmsg unix dgram, MSG_FASTOPEN", sendmsg(tx, &msg, MSG_FASTOPEN));
    drain("after the first sends");
    struct msghdr *edge_msg = (struct msghdr *)(edge2 - sizeof msg);
    memcpy(edge_msg, &msg, sizeof msg);
    REPORT("sendmsg msghdr ending at edge", sendmsg(tx, edge_msg, 0));
    REPORT("sendmsg msghdr straddling edge", sendmsg(tx, (struct msghdr *)(edge2 - 40), 0));
    REPORT("sendmsg fd -1, msghdr straddling edge", sendmsg(-1, (struct msghdr *)(edge2 - 40), 0));
    msg.msg_name = edge_sun;
    msg.msg_namelen = sunlen;
    REPORT("sendmsg name ending at edge", sendmsg(tx, &msg, 0));
    msg.msg_namelen = -1;
    REPORT("sendmsg namelen -1, name ending at edge", sendmsg(tx, &msg, 0));
    msg.msg_namelen = 200;
    REPORT("sendmsg namelen 200, name ending at edge", sendmsg(tx, &msg, 0));
    msg.msg_name = &sun;
    msg.msg_namelen = -1;
    REPORT("sendmsg namelen -1", sendmsg(tx, &msg, 0));
    msg.msg_namelen = 200;
    REPORT("sendmsg namelen 200", sendmsg(tx, &msg, 0));
    msg.msg_name = (void *)1;
    msg.msg_namelen = 0;
    REPORT("sendmsg name (void*)1, namelen 0 (unconnected)", sendmsg(tx, &msg, 0));
    msg.msg_namelen = 16;
    REPORT("sendmsg name (void*)1, namelen 16", sendmsg(tx, &msg, 0));
    REPORT("sendmsg fd -1, name (void*)1", sendmsg(-1, &msg, 0));
    msg.msg_name = NULL;
    msg.msg_namelen = 16;
    REPORT("sendmsg NULL name, namelen 16 (connected pair)", sendmsg(sv[0], &msg, 0));

    drain("after sendmsg");
    struct mmsghdr one = { .msg_hdr = { .msg_name = &sun, .msg_namelen = sunlen, .msg_iov = &iov, .msg_iovlen = 1 } };
    struct mmsghdr *vec_edge = (struct mmsghdr *)(edge3 - 2 * sizeof one);
    vec_edge[0] = one;
    vec_edge[1] = one;
    VALUE("sendmmsg 1 ok", sendmmsg(tx, &one, 1, 0));
    VALUE("sendmmsg fd -1, NULL vector", syscall(SYS_sendmmsg, -1, NULL, 1, 0));
    VALUE("sendmmsg fd -1, vlen 0", syscall(SYS_sendmmsg, -1, NULL, 0, 0));
    VALUE("sendmmsg pipe, NULL vector", syscall(SYS_sendmmsg, pp[1], NULL, 1, 0));
    VALUE("sendmmsg fd -1, MSG_FASTOPEN", sendmmsg(-1, &one, 1, MSG_FASTOPEN));
    VALUE("sendmmsg unix dgram, MSG_FASTOPEN", sendmmsg(tx, &one, 1, MSG_FASTOPEN));
    VALUE("sendmmsg 2 ending at edge", sendmmsg(tx, vec_edge, 2, 0));
    drain("after two from the edge");
    VALUE("sendmmsg vlen 3, 2 mapped", sendmmsg(tx, vec_edge, 3, 0));
    VALUE("sendmmsg vlen UINT_MAX, 2 mapped", syscall(SYS_sendmmsg, tx, vec_edge, 0xffffffffL, 0));
    VALUE("sendmmsg vlen 1<<32 | 1", syscall(SYS_sendmmsg, tx, &one, (1L << 32) | 1, 0));
    VALUE("sendmmsg first straddling edge", sendmmsg(tx, (struct mmsghdr *)(edge3 - 40), 1, 0));
    vec_edge[1].msg_hdr.msg_namelen = -1;
    VALUE("sendmmsg second has namelen -1", sendmmsg(tx, vec_edge, 2, 0));
    vec_edge[1].msg_hdr.msg_namelen = sunlen;
    vec_edge[0].msg_hdr.msg_name = (void *)1;
    VALUE("sendmmsg first name (void*)1", sendmmsg(tx, vec_edge, 2, 0));

    drain("after sendmmsg");
    close(rx); close(tx); close(sv[0]); close(sv[1]); close(pp[0]); close(pp[1]); close(ffd);
    leave_scratch();
    return 0;
}
