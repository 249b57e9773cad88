// syscalls: socket socketpair
// expect: same
// What Linux answers for sockets that cannot be made (here, and in the sandbox for the same reason
// or because the family is not offered: the errno a program tests must match).
#include "common.h"
#include <sys/socket.h>
#include <linux/netlink.h>

int main(void) {
    int sv[2];
    REPORT("socketpair AF_INET stream", socketpair(AF_INET, SOCK_STREAM, 0, sv));
    REPORT("socketpair AF_INET6 dgram", socketpair(AF_INET6, SOCK_DGRAM, 0, sv));
    REPORT("socket AF_INET bad type", socket(AF_INET, 12345, 0));
    REPORT("socket AF_INET bad protocol", socket(AF_INET, SOCK_STREAM, 9999));
    REPORT("socket AF_UNIX bad protocol", socket(AF_UNIX, SOCK_STREAM, 5));
    REPORT("socket netlink unknown protocol 31", socket(AF_NETLINK, SOCK_RAW, 31));
    REPORT("socket netlink protocol out of range", socket(AF_NETLINK, SOCK_RAW, 99));
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    printf("netlink route: %s\n", fd >= 0 ? "ok" : errname(errno));
    return 0;
}
