// syscalls: sendfile copy_file_range splice socketpair sendmsg recvmsg pipe2 fcntl openat lseek fchmod utimensat clone wait4
// expect: same
/* Descriptor plumbing through Python: os.sendfile (file to file, file to socket, with and
 * without an offset: which offsets move), os.copy_file_range (offsets, past EOF, to an
 * O_APPEND target), os.splice through a pipe, shutil.copyfile/copy/copy2 (content, mode,
 * mtime, SameFileError, a directory target, a FIFO source refused), shutil.copyfileobj;
 * socket.send_fds/recv_fds and sendmsg/recvmsg with SCM_RIGHTS across a fork (the received
 * descriptors share the description: offsets, are close-on-exec with MSG_CMSG_CLOEXEC,
 * truncation gives MSG_CTRUNC); os.pipe2 flags, os.set_blocking/get_blocking,
 * get_inheritable/set_inheritable and fcntl flag bits.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import array, errno, fcntl, os, shutil, socket, stat, time\n"
"\n"
"data = bytes(range(256)) * 64   # 16 KiB\n"
"with open(\"src\", \"wb\") as f:\n"
"    f.write(data)\n"
"src = os.open(\"src\", os.O_RDONLY)\n"
"dst = os.open(\"dst\", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)\n"
"print(\"sendfile with offset=None:\", os.sendfile(dst, src, None, 5000), \"src pos\", os.lseek(src, 0, os.SEEK_CUR), \"dst pos\", os.lseek(dst, 0, os.SEEK_CUR))\n"
"print(\"sendfile with offset=10000:\", os.sendfile(dst, src, 10000, 100000), \"src pos unchanged\", os.lseek(src, 0, os.SEEK_CUR))\n"
"print(\"sendfile at EOF:\", os.sendfile(dst, src, len(data), 10))\n"
"os.close(dst)\n"
"print(\"dst content:\", open(\"dst\", \"rb\").read() == data[:5000] + data[10000:])\n"
"a, b = socket.socketpair()\n"
"os.lseek(src, 0, 0)\n"
"n = os.sendfile(a.fileno(), src, 0, 3000)\n"
"print(\"sendfile to a socket:\", n, \"received intact\", b.recv(4000) == data[:3000])\n"
"try:\n"
"    os.sendfile(src, a.fileno(), None, 10)\n"
"except OSError as e:\n"
"    print(\"sendfile from a socket to a read-only file:\", errno.errorcode[e.errno])\n"
"\n"
"dst = os.open(\"cfr\", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)\n"
"os.lseek(src, 100, 0)\n"
"print(\"copy_file_range no offsets:\", os.copy_file_range(src, dst, 1000), \"src pos\", os.lseek(src, 0, 1), \"dst pos\", os.lseek(dst, 0, 1))\n"
"print(\"copy_file_range offsets (0 -> 5000):\", os.copy_file_range(src, dst, 500, 0, 5000), \"positions unchanged\",\n"
"      os.lseek(src, 0, 1), os.lseek(dst, 0, 1))\n"
"print(\"size with a hole:\", os.fstat(dst).st_size, \"hole reads zero:\", os.pread(dst, 4, 2000) == b\"\\0\" * 4)\n"
"print(\"copy_file_range past EOF:\", os.copy_file_range(src, dst, 100, len(data) + 10, 0))\n"
"print(\"copy_file_range same file, overlapping:\", end=\" \")\n"
"try:\n"
"    os.copy_file_range(dst, dst, 100, 0, 50)\n"
"except OSError as e:\n"
"    print(errno.errorcode[e.errno])\n"
"app = os.open(\"appended\", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)\n"
"try:\n"
"    os.copy_file_range(src, app, 10)\n"
"    print(\"ok\")\n"
"except OSError as e:\n"
"    print(\"copy_file_range to O_APPEND:\", errno.errorcode[e.errno])\n"
"ro = os.open(\"src\", os.O_RDONLY)\n"
"try:\n"
"    os.copy_file_range(src, ro, 10)\n"
"except OSError as e:\n"
"    print(\"copy_file_range to a read-only descriptor:\", errno.errorcode[e.errno])\n"
"os.close(dst)\n"
"\n"
"r, w = os.pipe()\n"
"print(\"splice file -> pipe:\", os.splice(src, w, 1000, offset_src=0), \"src pos unchanged\", os.lseek(src, 0, 1))\n"
"out = os.open(\"spliced\", os.O_WRONLY | os.O_CREAT, 0o644)\n"
"print(\"splice pipe -> file:\", os.splice(r, out, 1000), \"content\", open(\"spliced\", \"rb\").read() == data[:1000])\n"
"try:\n"
"    os.splice(src, out, 10)\n"
"except OSError as e:\n"
"    print(\"splice without a pipe:\", errno.errorcode[e.errno])\n"
"os.close(out)\n"
"\n"
"os.chmod(\"src\", 0o640)\n"
"os.utime(\"src\", (1000000000, 1000000000))\n"
"shutil.copyfile(\"src\", \"cf\")\n"
"print(\"copyfile: content\", open(\"cf\", \"rb\").read() == data, \"mode\", oct(stat.S_IMODE(os.stat(\"cf\").st_mode)), \"mtime copied\", os.stat(\"cf\").st_mtime == 1000000000)\n"
"shutil.copy(\"src\", \"c1\")\n"
"print(\"copy: mode\", oct(stat.S_IMODE(os.stat(\"c1\").st_mode)), \"mtime copied\", os.stat(\"c1\").st_mtime == 1000000000)\n"
"shutil.copy2(\"src\", \"c2\")\n"
"print(\"copy2: mode\", oct(stat.S_IMODE(os.stat(\"c2\").st_mode)), \"mtime copied\", os.stat(\"c2\").st_mtime == 1000000000)\n"
"try:\n"
"    shutil.copyfile(\"src\", \"src\")\n"
"except shutil.SameFileError:\n"
"    print(\"copyfile onto itself: SameFileError\")\n"
"os.link(\"src\", \"src-hard\")\n"
"try:\n"
"    shutil.copyfile(\"src\", \"src-hard\")\n"
"except shutil.SameFileError:\n"
"    print(\"copyfile onto a hard link of itself: SameFileError\")\n"
"os.mkdir(\"into\")\n"
"print(\"copy into a directory keeps the name:\", os.path.basename(shutil.copy(\"src\", \"into\")))\n"
"try:\n"
"    shutil.copyfile(\"src\", \"into\")\n"
"except IsADirectoryError as e:\n"
"    print(\"copyfile onto a directory:\", errno.errorcode[e.errno])\n"
"os.mkfifo(\"fifo\")\n"
"try:\n"
"    shutil.copyfile(\"fifo\", \"x\")\n"
"except shutil.SpecialFileError:\n"
"    print(\"copyfile from a FIFO: SpecialFileError\")\n"
"os.symlink(\"src\", \"lnk\")\n"
"shutil.copyfile(\"lnk\", \"from-link\", follow_symlinks=False)\n"
"print(\"copyfile follow_symlinks=False copies the link:\", os.path.islink(\"from-link\"))\n"
"shutil.copy2(\"/usr/bin/python3\", \"py-copy\")\n"
"print(\"copy2 from /usr: size equal\", os.path.getsize(\"py-copy\") == os.path.getsize(\"/usr/bin/python3\"), \"executable\", os.access(\"py-copy\", os.X_OK))\n"
"with open(\"src\", \"rb\") as fi, open(\"cobj\", \"wb\") as fo:\n"
"    shutil.copyfileobj(fi, fo, 1000)\n"
"print(\"copyfileobj:\", open(\"cobj\", \"rb\").read() == data)\n"
"shutil.copytree(\"into\", \"tree2\")\n"
"print(\"copytree:\", os.listdir(\"tree2\"))\n"
"\n"
"# descriptor passing\n"
"a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)\n"
"f = os.open(\"src\", os.O_RDONLY)\n"
"os.lseek(f, 0, 0)\n"
"pid = os.fork()\n"
"if pid == 0:\n"
"    a.close()\n"
"    msg, fds, flags, addr = socket.recv_fds(b, 100, 4)\n"
"    first = os.read(fds[0], 10)\n"
"    code = 0 if (msg == b\"take\" and len(fds) == 2 and first == data[:10]) else 1\n"
"    os.write(fds[1], b\"from child\")\n"
"    os._exit(code)\n"
"pr, pw = os.pipe()\n"
"print(\"send_fds:\", socket.send_fds(a, [b\"take\"], [f, pw]))\n"
"st = os.waitpid(pid, 0)[1]\n"
"print(\"child received and read:\", os.waitstatus_to_exitcode(st) == 0, \"shared offset now\", os.lseek(f, 0, 1), \"pipe got\", os.read(pr, 20))\n"
"\n"
"c, d = socket.socketpair()\n"
"fds = array.array(\"i\", [f, pr, pw])\n"
"c.sendmsg([b\"x\"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])\n"
"msg, anc, flags, addr = d.recvmsg(10, socket.CMSG_SPACE(3 * fds.itemsize), socket.MSG_CMSG_CLOEXEC)\n"
"got = array.array(\"i\")\n"
"for level, typ, cdata in anc:\n"
"    got.frombytes(cdata[:len(cdata) - len(cdata) % got.itemsize])\n"
"print(\"recvmsg with MSG_CMSG_CLOEXEC: fds\", len(got), \"none inheritable\", not any(os.get_inheritable(x) for x in got),\n"
"      \"distinct numbers\", len(set(got)) == 3 and not set(got) & {f, pr, pw},\n"
"      \"same files\", all(os.fstat(x).st_ino == os.fstat(y).st_ino for x, y in zip(got, (f, pr, pw))))\n"
"c.sendmsg([b\"y\"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])\n"
"msg, anc, flags, addr = d.recvmsg(10, socket.CMSG_LEN(1 * fds.itemsize))\n"
"print(\"recvmsg with room for one fd: MSG_CTRUNC\", bool(flags & socket.MSG_CTRUNC), \"received\", sum(len(c) // 4 for _, _, c in anc))\n"
"c.sendmsg([b\"z\"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])\n"
"msg, anc, flags, addr = d.recvmsg(10)\n"
"print(\"recvmsg with no ancillary room: MSG_CTRUNC\", bool(flags & socket.MSG_CTRUNC), \"anc\", anc)\n"
"try:\n"
"    c.sendmsg([b\"bad\"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array(\"i\", [9999]))])\n"
"except OSError as e:\n"
"    print(\"send a closed fd:\", errno.errorcode[e.errno])\n"
"c.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)\n"
"d.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)\n"
"c.sendmsg([b\"cred\"])\n"
"msg, anc, flags, addr = d.recvmsg(10, socket.CMSG_SPACE(12))\n"
"for level, typ, cdata in anc:\n"
"    if typ == socket.SCM_CREDENTIALS:\n"
"        pid_, uid, gid = array.array(\"i\", cdata[:12])\n"
"        print(\"SCM_CREDENTIALS with SO_PASSCRED: uid\", uid, \"gid\", gid, \"pid is ours\", pid_ == os.getpid())\n"
"\n"
"# pipe2 and descriptor flags\n"
"r, w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)\n"
"print(\"pipe2(O_NONBLOCK|O_CLOEXEC): blocking\", os.get_blocking(r), os.get_blocking(w), \"inheritable\", os.get_inheritable(r))\n"
"try:\n"
"    os.read(r, 1)\n"
"except BlockingIOError as e:\n"
"    print(\"read an empty non-blocking pipe:\", errno.errorcode[e.errno])\n"
"r2, w2 = os.pipe2(0)\n"
"print(\"pipe2(0): blocking\", os.get_blocking(r2), \"inheritable\", os.get_inheritable(r2), \"FD_CLOEXEC\", fcntl.fcntl(r2, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)\n"
"os.set_blocking(r2, False)\n"
"print(\"set_blocking False: O_NONBLOCK in F_GETFL\", bool(fcntl.fcntl(r2, fcntl.F_GETFL) & os.O_NONBLOCK))\n"
"os.set_inheritable(r2, False)\n"
"print(\"set_inheritable False: FD_CLOEXEC\", fcntl.fcntl(r2, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)\n"
"dup = os.dup(r2)\n"
"print(\"dup: inheritable\", os.get_inheritable(dup), \"shares O_NONBLOCK\", not os.get_blocking(dup))\n"
"dup2 = os.dup2(r2, 60, inheritable=False)\n"
"print(\"dup2 inheritable=False:\", os.get_inheritable(dup2))\n"
"pipe_size = fcntl.fcntl(w2, fcntl.F_GETPIPE_SZ)\n"
"print(\"F_SETPIPE_SZ 4096 then F_GETPIPE_SZ:\", fcntl.fcntl(w2, fcntl.F_SETPIPE_SZ, 4096), fcntl.fcntl(w2, fcntl.F_GETPIPE_SZ))\n"
"os.set_blocking(w2, False)\n"
"n = 0\n"
"try:\n"
"    while True:\n"
"        n += os.write(w2, b\"z\" * 512)\n"
"except BlockingIOError:\n"
"    pass\n"
"print(\"bytes a 4096 pipe accepts:\", n)\n"
"try:\n"
"    os.pipe2(0o7777777)\n"
"except OSError as e:\n"
"    print(\"pipe2 with bad flags:\", errno.errorcode[e.errno])\n"
"for x in (9999,):\n"
"    try:\n"
"        os.get_inheritable(x)\n"
"    except OSError as e:\n"
"        print(\"get_inheritable on a closed fd:\", errno.errorcode[e.errno])\n"
"    try:\n"
"        os.set_blocking(x, True)\n"
"    except OSError as e:\n"
"        print(\"set_blocking on a closed fd:\", errno.errorcode[e.errno])\n";

static int unlock_dir(const char *p, const struct stat *st, int type, struct FTW *f) {
    (void)st; (void)f;
    if (type == FTW_D || type == FTW_DNR) chmod(p, 0700);
    return 0;
}

static int remove_entry(const char *p, const struct stat *st, int type, struct FTW *f) {
    (void)st; (void)type; (void)f;
    remove(p);
    return 0;
}

int main(void) {
    char dir[] = "/tmp/py4-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chmod(dir, 0777));
    if (getuid() == 0) {
        MUST(chown(dir, 1000, 1000));
        MUST(setgroups(0, NULL));
        MUST(setgid(1000));
        MUST(setuid(1000));
    }
    MUST(chdir(dir));
    char home[64], tmpdir[64];
    snprintf(home, sizeof home, "HOME=%s", dir);
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", dir);
    char *const argv[] = { "python3", "-I", "-u", "-c", (char *)script, NULL };
    char *const envp[] = { "PATH=/usr/bin:/bin", "LANG=C", home, tmpdir, NULL };
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        execve("/usr/bin/python3", argv, envp);
        printf("execve python3: %s\n", errname(errno));
        _exit(127);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    if (WIFEXITED(st)) printf("python exit status: %d\n", WEXITSTATUS(st));
    else printf("python killed by signal: %s\n", sigabbrev_np(WTERMSIG(st)) ?: "?");
    MUST(chdir("/"));
    nftw(dir, unlock_dir, 16, FTW_PHYS);
    nftw(dir, remove_entry, 16, FTW_PHYS | FTW_DEPTH);
    FACT("scratch directory removed", access(dir, F_OK) != 0);
    return 0;
}
