// syscalls: openat read getuid getgid
// expect: same
/* The user database as a program looks itself up: its own uid and gid are found and round-trip
 * through the name (the sandbox's /etc/passwd names the user its own way, so names are only
 * compared with each other), root and nobody are found with their ids, an unknown uid or name
 * is not; getpwuid_r with a one-byte buffer is ERANGE. Natively the case first becomes
 * uid/gid 1000 with no groups. */
#include "common.h"
#include <grp.h>
#include <pwd.h>

static void by_uid(const char *label, uid_t uid) {
    struct passwd *pw = getpwuid(uid);
    printf("getpwuid(%s): found %s", label, pw ? "yes" : "no");
    if (pw) printf(", uid matches %s, name nonempty %s", pw->pw_uid == uid ? "yes" : "no", pw->pw_name[0] ? "yes" : "no");
    printf("\n");
}

static void by_gid(const char *label, gid_t gid) {
    struct group *gr = getgrgid(gid);
    printf("getgrgid(%s): found %s", label, gr ? "yes" : "no");
    if (gr) printf(", gid matches %s, name nonempty %s", gr->gr_gid == gid ? "yes" : "no", gr->gr_name[0] ? "yes" : "no");
    printf("\n");
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    uid_t u = getuid();
    gid_t g = getgid();
    by_uid("own", u);
    by_uid("0", 0);
    by_uid("65534", 65534);
    by_uid("4000000", 4000000);
    by_gid("own", g);
    by_gid("0", 0);
    by_gid("65534", 65534);
    by_gid("4000000", 4000000);

    struct passwd *pw = getpwuid(u);
    char name[256] = "";
    gid_t pgid = 0;
    if (pw) { snprintf(name, sizeof name, "%s", pw->pw_name); pgid = pw->pw_gid; }
    FACT("own entry's group is own gid", pw && pgid == g);
    pw = getpwnam(name);
    FACT("getpwnam(own name) finds own uid", pw && pw->pw_uid == u);
    struct group *gr = getgrgid(g);
    char gname[256] = "";
    if (gr) snprintf(gname, sizeof gname, "%s", gr->gr_name);
    gr = getgrnam(gname);
    FACT("getgrnam(own group name) finds own gid", gr && gr->gr_gid == g);

    pw = getpwuid(0);
    printf("root: name %s dir %s gid %d\n", pw ? pw->pw_name : "-", pw ? pw->pw_dir : "-", pw ? (int)pw->pw_gid : -1);
    pw = getpwnam("root");
    FACT("getpwnam(root) is uid 0", pw && pw->pw_uid == 0);
    pw = getpwnam("nobody");
    printf("nobody: uid %d gid %d dir %s\n", pw ? (int)pw->pw_uid : -1, pw ? (int)pw->pw_gid : -1, pw ? pw->pw_dir : "-");
    gr = getgrgid(0);
    printf("group 0: name %s\n", gr ? gr->gr_name : "-");
    FACT("getpwnam(no-such-user-x7) found", getpwnam("no-such-user-x7") != NULL);
    FACT("getgrnam(no-such-group-x7) found", getgrnam("no-such-group-x7") != NULL);

    struct passwd pwd, *res = NULL;
    char small[1];
    int rc = getpwuid_r(0, &pwd, small, sizeof small, &res);
    printf("getpwuid_r(0) one-byte buffer: %s, result %s\n", errname(rc), res ? "set" : "NULL");
    char big[4096];
    rc = getpwuid_r(u, &pwd, big, sizeof big, &res);
    printf("getpwuid_r(own): %s, uid matches %s\n", errname(rc), res && res->pw_uid == u ? "yes" : "no");
    rc = getpwuid_r(4000000, &pwd, big, sizeof big, &res);
    printf("getpwuid_r(4000000): %s, result %s\n", errname(rc), res ? "set" : "NULL");
    return 0;
}
