// syscalls: symlinkat linkat readlinkat readlink newfstatat openat getcwd chdir unlinkat renameat rmdir faccessat2 vfork execve wait4
// expect: same
/* ln, readlink and realpath as uid 1000: chains of relative symlinks through "..", a symlink to
 * a directory followed by "..", absolute links into the scratch dir, ln -sf replacing a link,
 * ln -sfn not descending into a directory link, ln -sr (computed relative text), ln -T, hard
 * links (and ln of a directory: EPERM message; ln of a symlink: -P and -L), a link loop (readlink
 * -f fails, -m does not), readlink -e/-f/-m/-n on dangling links, realpath -e/-m/-s/-L/-P,
 * --relative-to and --relative-base, through a removed directory and from a subdirectory.
 * The scratch path is printed as D. */
#include "tool_util.h"

#define R(label, cmds) sh(label, "{ " cmds "; } 2>&1 | sed \"s|$D|D|g\"")

int main(void) {
    enter("ln");
    sh("build",
       "set -e; mkdir -p a/b/c x/y\n"
       "echo target > a/b/c/file\n"
       "ln -s b/c a/to-c\n"                 /* a/to-c -> a/b/c */
       "ln -s ../to-c/file a/b/hop\n"        /* a/b/hop -> a/to-c/file */
       "ln -s ../../a/b/hop x/y/chain\n"     /* x/y/chain -> a/b/hop */
       "ln -s \"$D/a/b\" abs-b\n"
       "ln -s loop-b loop-a; ln -s loop-a loop-b\n"
       "ln -s no/such/thing dangling\n"
       "ln -s a/to-c/.. dotdot\n");
    R("readlink (one level)", "readlink x/y/chain a/to-c abs-b dangling dotdot");
    R("readlink -f", "readlink -f x/y/chain a/to-c/../c/file abs-b/hop dotdot");
    R("readlink -f of a dangling link and a loop", "readlink -f dangling; echo status $?; readlink -f loop-a; echo status $?");
    R("readlink -e", "readlink -e x/y/chain; readlink -e dangling; echo status $?");
    R("readlink -m", "readlink -m dangling loop-a a/../nothing/../a/to-c/x");
    R("readlink of a non-link", "readlink a/b/c/file; echo status $?; readlink -n a/to-c; echo");
    R("cat through the chain", "cat x/y/chain a/to-c/file");
    R("symlinked dir then ..: the kernel resolves .. physically", "ls a/to-c/.. | sort; cat a/to-c/../c/file");
    R("realpath", "realpath x/y/chain dotdot a/to-c/..");
    R("realpath -s (no link expansion)", "realpath -s a/to-c/.. x/y/../y/chain");
    R("realpath -L (.. before links)", "realpath -L a/to-c/..; realpath -P a/to-c/..");
    R("realpath -e / -m on missing names", "realpath -e a/missing; echo status $?; realpath -m a/missing/../../x/new");
    R("realpath --relative-to", "realpath --relative-to=x/y a/b/c/file; realpath --relative-to=a/b/c x/y/chain");
    R("realpath --relative-base", "realpath --relative-base=\"$D/a\" a/b/c/file x/y");
    R("ln -sf replaces a link", "ln -s x first && ln -sf a/b second && ln -sf y first && readlink first second");
    R("ln -sf onto a directory link descends; -sfn replaces it",
      "ln -s a dlink && ln -sf x/y dlink && readlink dlink dlink/y; ln -sfn x/y dlink && readlink dlink");
    R("ln -sr computes relative text", "ln -sr a/b/c/file x/y/rel && readlink x/y/rel && cat x/y/rel; "
      "ln -sr x/y/chain a/b/rel2 && readlink a/b/rel2");
    R("ln -T and existing names", "ln -s a/b tlink; ln -sT x tlink; echo status $?; ln -s a/b x; echo status $?; readlink x/b");
    R("hard links", "ln a/b/c/file hard && stat -c '%h' hard a/b/c/file && ln a/b/c/file hard; echo status $?");
    R("hard link of a directory", "ln a/b dir-hard; echo status $?");
    R("hard link of a symlink: -P links the link, -L its target",
      "ln -P a/to-c lnP && ln -L a/b/hop lnL && stat -c '%F %h %N' lnP lnL");
    R("readlink -f from a subdirectory", "cd x/y && readlink -f chain ../../a/to-c && realpath --relative-to=. chain");
    R("realpath in a removed directory",
      "mkdir gone && cd gone && rmdir ../gone && { realpath . ; echo status $?; readlink -f ../a; echo status $?; }");
    R("link counts and types", "find . -printf '%y %n %P -> %l\\n' | sort");
    leave();
    return 0;
}
