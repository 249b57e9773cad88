// syscalls: socket ioctl bind sendto recvmsg getsockname close
// expect: same
// The loopback interface as programs see it: if_nameindex, if_nametoindex("lo"), if_indextoname,
// getifaddrs with 127.0.0.1 and ::1, and SIOCGIF* ioctls on lo (only facts about lo are printed).
#include "common.h"
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>

int main(void) {
    struct if_nameindex *ni = if_nameindex();
    int lo_listed = 0, lo_idx = 0;
    if (ni) {
        for (struct if_nameindex *p = ni; p->if_index; p++)
            if (strcmp(p->if_name, "lo") == 0) lo_listed = 1, lo_idx = p->if_index;
        if_freenameindex(ni);
    }
    FACT("if_nameindex ok", ni != NULL);
    FACT("lo listed", lo_listed);
    unsigned idx = if_nametoindex("lo");
    FACT("if_nametoindex(lo) > 0", idx > 0);
    FACT("same index as if_nameindex", idx == (unsigned)lo_idx);
    char name[IF_NAMESIZE] = "";
    FACT("if_indextoname(index of lo) is lo", if_indextoname(idx, name) && strcmp(name, "lo") == 0);
    errno = 0;
    unsigned none = if_nametoindex("nosuchif0");
    printf("if_nametoindex(nosuchif0): %u %s\n", none, errname(errno));
    errno = 0;
    char *n2 = if_indextoname(999999, name);
    printf("if_indextoname(999999): %s %s\n", n2 ? "found" : "NULL", errname(errno));

    struct ifaddrs *ifa = NULL;
    int r = getifaddrs(&ifa);
    FACT("getifaddrs ok", r == 0);
    int lo4 = 0, lo6 = 0, lo_up = 0, lo_loop = 0, lo_packet = 0;
    for (struct ifaddrs *p = ifa; p; p = p->ifa_next) {
        if (strcmp(p->ifa_name, "lo") != 0) continue;
        if (p->ifa_flags & IFF_UP) lo_up = 1;
        if (p->ifa_flags & IFF_LOOPBACK) lo_loop = 1;
        if (!p->ifa_addr) continue;
        if (p->ifa_addr->sa_family == AF_INET) {
            struct sockaddr_in *s = (struct sockaddr_in *)p->ifa_addr, *m = (struct sockaddr_in *)p->ifa_netmask;
            if (s->sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
                lo4 = 1;
                printf("lo 127.0.0.1 netmask is 255.0.0.0: %s\n", m && m->sin_addr.s_addr == htonl(0xff000000) ? "yes" : "no");
            }
        } else if (p->ifa_addr->sa_family == AF_INET6) {
            if (IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)p->ifa_addr)->sin6_addr)) lo6 = 1;
        } else if (p->ifa_addr->sa_family == AF_PACKET) {
            lo_packet = 1;
        }
    }
    if (ifa) freeifaddrs(ifa);
    FACT("lo has 127.0.0.1", lo4);
    FACT("lo has ::1", lo6);
    FACT("lo has an AF_PACKET entry", lo_packet);
    FACT("lo IFF_UP", lo_up);
    FACT("lo IFF_LOOPBACK", lo_loop);

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    r = ioctl(fd, SIOCGIFFLAGS, &ifr);
    printf("SIOCGIFFLAGS lo: %s up=%d loopback=%d running=%d\n", r < 0 ? errname(errno) : "ok",
           !!(ifr.ifr_flags & IFF_UP), !!(ifr.ifr_flags & IFF_LOOPBACK), !!(ifr.ifr_flags & IFF_RUNNING));
    r = ioctl(fd, SIOCGIFINDEX, &ifr);
    printf("SIOCGIFINDEX lo: %s matches %s\n", r < 0 ? errname(errno) : "ok", ifr.ifr_ifindex == (int)idx ? "yes" : "no");
    strcpy(ifr.ifr_name, "lo");
    r = ioctl(fd, SIOCGIFADDR, &ifr);
    printf("SIOCGIFADDR lo: %s is 127.0.0.1 %s\n", r < 0 ? errname(errno) : "ok",
           ((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK) ? "yes" : "no");
    strcpy(ifr.ifr_name, "lo");
    r = ioctl(fd, SIOCGIFMTU, &ifr);
    printf("SIOCGIFMTU lo: %s positive %s\n", r < 0 ? errname(errno) : "ok", ifr.ifr_mtu > 0 ? "yes" : "no");
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_ifindex = idx;
    r = ioctl(fd, SIOCGIFNAME, &ifr);
    printf("SIOCGIFNAME of lo's index: %s %s\n", r < 0 ? errname(errno) : "ok", r < 0 ? "" : ifr.ifr_name);
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "nosuchif0");
    REPORT("SIOCGIFFLAGS nosuchif0", ioctl(fd, SIOCGIFFLAGS, &ifr));
    REPORT("SIOCGIFINDEX nosuchif0", ioctl(fd, SIOCGIFINDEX, &ifr));
    // SIOCGIFCONF lists lo with 127.0.0.1.
    struct ifreq reqs[64];
    struct ifconf ifc = {.ifc_len = sizeof reqs, .ifc_req = reqs};
    r = ioctl(fd, SIOCGIFCONF, &ifc);
    int found = 0;
    for (int i = 0; r == 0 && i < ifc.ifc_len / (int)sizeof(struct ifreq); i++)
        if (strcmp(reqs[i].ifr_name, "lo") == 0 && ((struct sockaddr_in *)&reqs[i].ifr_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK)) found = 1;
    printf("SIOCGIFCONF: %s, lo 127.0.0.1 listed %s\n", r < 0 ? errname(errno) : "ok", found ? "yes" : "no");
    ifc = (struct ifconf){.ifc_len = 0, .ifc_req = NULL};
    r = ioctl(fd, SIOCGIFCONF, &ifc);
    printf("SIOCGIFCONF size query: %s, non-zero %s\n", r < 0 ? errname(errno) : "ok", ifc.ifc_len > 0 ? "yes" : "no");
    return 0;
}
