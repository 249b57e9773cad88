// syscalls: openat getdents64 newfstatat mkdir rmdir unlink unlinkat rename symlink link readlink utimensat chmod fchmodat mknodat sendfile listxattr llistxattr lseek getcwd getrandom vfork execve wait4
// expect: same
/* /usr/bin/python3 file-system library calls in the scratch dir (uid 1000): os.walk (top-down,
 * bottom-up, followlinks), os.scandir's cached types, pathlib glob/rglob, shutil.copytree
 * (symlinks kept or followed, ignore patterns, dirs_exist_ok, a FIFO refused as shutil.Error),
 * copy2 keeping nanosecond mtimes, shutil.move, os.replace and a rename over a non-empty
 * directory (ENOTEMPTY), shutil.rmtree with an onexc/onerror log on a read-only directory,
 * tempfile.TemporaryDirectory / mkstemp / NamedTemporaryFile (modes, cleanup), a zipfile round
 * trip with fixed dates (archive md5, testzip, extractall compared with filecmp), and a tarfile
 * round trip keeping symlinks and modes. Paths are printed relative to the scratch dir. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[64];

/* Runs SCRIPT with /bin/sh -c in the scratch directory under a fixed environment ($D is the
 * scratch directory, also $HOME), stdin /dev/null and stderr into stdout; prints its status. */
static void sh(const char *label, const char *script) {
    char d[96], home[96];
    snprintf(d, sizeof d, "D=%s", dir);
    snprintf(home, sizeof home, "HOME=%s", dir);
    char *envp[] = { "PATH=/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TZ=UTC", d, home, NULL };
    char *argv[] = { "sh", "-c", (char *)script, NULL };
    printf("== %s\n", label);
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(1, 2) < 0) _exit(126);
        execve("/bin/sh", argv, envp);
        _exit(127);
    }
    int st;
    MUST(waitpid(pid, &st, 0));
    if (WIFEXITED(st)) printf("-- exit %d\n", WEXITSTATUS(st));
    else printf("-- signal %d\n", WTERMSIG(st));
}

/* Natively the case runs as root: become uid/gid 1000 like the guest; then a fresh scratch
 * directory under /tmp becomes the cwd. */
static void enter(const char *tag) {
    if (getuid() == 0) {
        MUST(setgroups(0, NULL));
        MUST(setgid(1000));
        MUST(setuid(1000));
    }
    umask(022);
    snprintf(dir, sizeof dir, "/tmp/tool4-%s-XXXXXX", tag);
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); exit(99); }
    MUST(chdir(dir));
}

static void leave(void) {
    struct stat st;
    MUST(chdir("/"));
    sh("cleanup", "chmod -R u+rwx \"$D\"; rm -rf \"$D\"");
    FACT("cleaned up", stat(dir, &st) != 0);
}

static const char *script =
    "cat > t.py <<'PYEOF'\n"
    "import errno, filecmp, hashlib, io, os, pathlib, shutil, stat, sys, tarfile, tempfile, zipfile\n"
    "os.umask(0o022)\n"
    "D = os.getcwd()\n"
    "def rel(p): return os.path.relpath(p, D)\n"
    "def section(s): print('==', s)\n"
    "def err(e): return errno.errorcode.get(e.errno, e.errno) if isinstance(e, OSError) else type(e).__name__\n"
    "def put(p, text, mode=None):\n"
    "    with open(p, 'w') as f: f.write(text)\n"
    "    if mode is not None: os.chmod(p, mode)\n"
    "os.makedirs('src/a/b/c'); os.makedirs('src/empty'); os.makedirs('src/e/f')\n"
    "put('src/x.txt', 'x\\n'); put('src/a/y.txt', 'y' * 5000); put('src/a/b/run.sh', '#!/bin/sh\\n', 0o750)\n"
    "put('src/a/b/c/deep.py', 'print(1)\\n'); put('src/e/f/z.log', 'log\\n')\n"
    "os.symlink('../x.txt', 'src/a/link'); os.symlink('a/b', 'src/dirlink'); os.symlink('gone', 'src/dangling')\n"
    "os.link('src/x.txt', 'src/a/hard')\n"
    "for p in ['src/x.txt', 'src/a/y.txt']: os.utime(p, ns=(1_000_000_000_123_456_789, 1_100_000_000_987_654_321))\n"
    "section('os.walk top-down')\n"
    "for root, dirs, files in os.walk('src'):\n"
    "    dirs.sort(); print(root, dirs, sorted(files))\n"
    "section('os.walk bottom-up: each directory after its children')\n"
    "order = [r for r, d, f in os.walk('src', topdown=False)]\n"
    "print(all(order.index(r) > max([order.index(x) for x in order if x.startswith(r + '/')] or [-1]) for r in order), len(order))\n"
    "section('os.walk followlinks')\n"
    "print(sorted(r for r, d, f in os.walk('src', followlinks=True)))\n"
    "section('os.scandir')\n"
    "for e in sorted(os.scandir('src'), key=lambda e: e.name):\n"
    "    print(e.name, e.is_dir(), e.is_dir(follow_symlinks=False), e.is_file(), e.is_symlink(), e.inode() == os.lstat(e.path).st_ino)\n"
    "section('pathlib glob')\n"
    "p = pathlib.Path('src')\n"
    "print(sorted(str(x) for x in p.glob('*.txt')))\n"
    "print(sorted(str(x) for x in p.rglob('*.py')))\n"
    "print(sorted(str(x) for x in p.glob('**/')))\n"
    "print(sorted(str(x) for x in p.glob('a/*')))\n"
    "section('copytree with a FIFO')\n"
    "os.mkfifo('src/pipe')\n"
    "try: shutil.copytree('src', 'c0', symlinks=True)\n"
    "except shutil.Error as e: print('shutil.Error', [(rel(a), rel(b), m.split(' ')[-2:]) for a, b, m in e.args[0]])\n"
    "os.unlink('src/pipe')\n"
    "section('copytree symlinks=True')\n"
    "shutil.copytree('src', 'c1', symlinks=True)\n"
    "d = filecmp.dircmp('src', 'c1'); print(d.left_only, d.right_only, d.diff_files)\n"
    "print(os.readlink('c1/a/link'), os.readlink('c1/dangling'), oct(os.stat('c1/a/b/run.sh').st_mode & 0o7777))\n"
    "print(os.stat('src/x.txt').st_mtime_ns == os.stat('c1/x.txt').st_mtime_ns, os.stat('c1/x.txt').st_mtime_ns)\n"
    "print('hard link kept:', os.path.samefile('c1/x.txt', 'c1/a/hard'))\n"
    "section('copytree symlinks=False (followed; dangling reported)')\n"
    "try: shutil.copytree('src', 'c2')\n"
    "except shutil.Error as e: print('shutil.Error', [(rel(a), rel(b)) for a, b, m in e.args[0]])\n"
    "print(os.path.islink('c2/a/link'), os.path.isdir('c2/dirlink'), sorted(os.listdir('c2/dirlink')))\n"
    "section('copytree ignore and dirs_exist_ok')\n"
    "shutil.copytree('src', 'c3', symlinks=True, ignore=shutil.ignore_patterns('*.py', 'e'))\n"
    "print(sorted(str(x.relative_to('c3')) for x in pathlib.Path('c3').rglob('*')))\n"
    "try: shutil.copytree('src', 'c3', symlinks=True)\n"
    "except OSError as e: print('again:', err(e))\n"
    "try: shutil.copytree('src', 'c3', symlinks=True, dirs_exist_ok=True)\n"
    "except shutil.Error as e: print('dirs_exist_ok: existing symlinks', sorted(rel(b) for a, b, m in e.args[0]))\n"
    "print('dirs_exist_ok copied the rest:', os.path.exists('c3/a/b/c/deep.py'))\n"
    "section('copy2, copy, copyfile')\n"
    "shutil.copy2('src/a/y.txt', 'y2'); shutil.copy('src/a/y.txt', 'y3'); shutil.copyfile('src/a/b/run.sh', 'run-copy')\n"
    "print(os.stat('y2').st_mtime_ns, os.stat('y3').st_mtime_ns == os.stat('src/a/y.txt').st_mtime_ns, oct(os.stat('run-copy').st_mode & 0o777))\n"
    "try: shutil.copyfile('src/x.txt', 'src/a/hard')\n"
    "except shutil.SameFileError: print('SameFileError')\n"
    "section('move, replace, rename')\n"
    "shutil.move('c3/x.txt', 'c3/a/moved.txt'); shutil.move('c3/e', 'c3/a'); print(sorted(os.listdir('c3/a')))\n"
    "put('r1', '1'); put('r2', '2'); os.replace('r1', 'r2'); print(open('r2').read(), os.path.exists('r1'))\n"
    "try: os.rename('c3/a', 'c1')\n"
    "except OSError as e: print('rename dir over non-empty:', err(e))\n"
    "try: os.rename('r2', 'c1')\n"
    "except OSError as e: print('rename file over dir:', err(e))\n"
    "section('rmtree with a read-only directory')\n"
    "os.chmod('c2/a/b', 0o555); log = []\n"
    "shutil.rmtree('c2', onerror=lambda f, p, ei: log.append((f.__name__, rel(p), err(ei[1]))))\n"
    "print(sorted(log)); os.chmod('c2/a/b', 0o755); shutil.rmtree('c2'); print('c2 exists:', os.path.exists('c2'))\n"
    "try: shutil.rmtree('no-such')\n"
    "except OSError as e: print('missing:', err(e))\n"
    "try: shutil.rmtree('c1/dirlink')\n"
    "except OSError as e: print('symlink:', err(e))\n"
    "section('tempfile')\n"
    "with tempfile.TemporaryDirectory(dir=D, prefix='td-') as td:\n"
    "    print(rel(td).startswith('td-'), oct(os.stat(td).st_mode & 0o777)); put(os.path.join(td, 'f'), 'x'); os.mkdir(os.path.join(td, 'sub'))\n"
    "print('removed:', not os.path.exists(td))\n"
    "with tempfile.TemporaryDirectory() as td2:\n"
    "    print(td2.startswith('/tmp/'), oct(os.stat(td2).st_mode & 0o777))\n"
    "print('removed:', not os.path.exists(td2))\n"
    "fd, name = tempfile.mkstemp(dir=D, suffix='.tmp'); print(oct(os.fstat(fd).st_mode & 0o777), name.endswith('.tmp')); os.close(fd); os.unlink(name)\n"
    "with tempfile.NamedTemporaryFile(dir=D) as nt: nt.write(b'abc'); nt.flush(); print(os.path.getsize(nt.name)); n = nt.name\n"
    "print('named removed:', not os.path.exists(n))\n"
    "with tempfile.TemporaryFile(dir=D) as tf: tf.write(b'zz'); tf.seek(0); print(tf.read(), sorted(x for x in os.listdir(D) if x.startswith('tmp')))\n"
    "section('zipfile round trip')\n"
    "with zipfile.ZipFile('a.zip', 'w', zipfile.ZIP_DEFLATED) as z:\n"
    "    for root, dirs, files in os.walk('src'):\n"
    "        dirs.sort()\n"
    "        for f in sorted(files):\n"
    "            p = os.path.join(root, f)\n"
    "            if os.path.islink(p): continue\n"
    "            zi = zipfile.ZipInfo(p, date_time=(2001, 2, 3, 4, 5, 6)); zi.external_attr = (os.stat(p).st_mode & 0xFFFF) << 16\n"
    "            zi.compress_type = zipfile.ZIP_DEFLATED\n"
    "            with open(p, 'rb') as fh: z.writestr(zi, fh.read())\n"
    "print(hashlib.md5(open('a.zip', 'rb').read()).hexdigest())\n"
    "with zipfile.ZipFile('a.zip') as z:\n"
    "    print(z.testzip(), z.namelist()); z.extractall('unz')\n"
    "print(filecmp.cmpfiles('src', 'unz/src', ['x.txt', 'a/y.txt', 'a/b/run.sh', 'a/b/c/deep.py'], shallow=False))\n"
    "section('tarfile round trip')\n"
    "with tarfile.open('a.tar', 'w', format=tarfile.PAX_FORMAT) as t: t.add('src', filter=lambda i: (setattr(i, 'mtime', 1e9) or i))\n"
    "with tarfile.open('a.tar') as t:\n"
    "    print(sorted((m.name, m.type.decode(), oct(m.mode), m.linkname) for m in t.getmembers() if m.issym() or m.islnk()))\n"
    "    t.extractall('untar')\n"
    "print(os.readlink('untar/src/a/link'), oct(os.stat('untar/src/a/b/run.sh').st_mode & 0o777), os.path.samefile('untar/src/x.txt', 'untar/src/a/hard'))\n"
    "print(os.stat('untar/src/a/y.txt').st_mtime)\n"
    "PYEOF\n"
    "PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 t.py; echo status $?\n";

int main(void) {
    enter("py");
    sh("python3 file-system script", script);
    leave();
    return 0;
}
