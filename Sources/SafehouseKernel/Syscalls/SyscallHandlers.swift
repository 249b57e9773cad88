/// Every emulated syscall's handler, by the table's name. One file per syscall family.
enum SyscallHandlers {
    static let all: [String: SyscallHandler] = [
        "uname": Identity.uname, "sysinfo": SystemInfo.sysinfo,
        // Scheduling.swift
        "sched_setaffinity": Scheduling.sched_setaffinity,
        // FileOpen.swift
        "open": FileOpen.open, "openat": FileOpen.openat, "openat2": FileOpen.openat2, "creat": FileOpen.creat,
        // FileInfo.swift
        "stat": FileInfo.stat, "lstat": FileInfo.lstat, "newfstatat": FileInfo.newfstatat, "statx": FileInfo.statx,
        "statfs": FileInfo.statfs, "access": FileInfo.access, "faccessat": FileInfo.faccessat,
        "faccessat2": FileInfo.faccessat2, "readlink": FileInfo.readlink, "readlinkat": FileInfo.readlinkat,
        // FileDirectory.swift
        "getdents": FileDirectory.getdents, "getdents64": FileDirectory.getdents64, "chdir": FileDirectory.chdir,
        "mkdir": FileDirectory.mkdir, "mkdirat": FileDirectory.mkdirat, "rmdir": FileDirectory.rmdir,
        "execve": FileDirectory.execve, "execveat": FileDirectory.execveat,
        // FileNames.swift
        "mknod": FileNames.mknod, "mknodat": FileNames.mknodat, "unlink": FileNames.unlink,
        "unlinkat": FileNames.unlinkat, "rename": FileNames.rename, "renameat": FileNames.renameat,
        "renameat2": FileNames.renameat2, "link": FileNames.link, "linkat": FileNames.linkat,
        "symlink": FileNames.symlink, "symlinkat": FileNames.symlinkat,
        // FileAttributes.swift
        "chmod": FileAttributes.chmod, "fchmodat": FileAttributes.fchmodat, "fchmod": FileAttributes.fchmod,
        "chown": FileAttributes.chown, "lchown": FileAttributes.lchown, "fchownat": FileAttributes.fchownat,
        "fchown": FileAttributes.fchown, "utimensat": FileAttributes.utimensat, "utimes": FileAttributes.utimes,
        "futimesat": FileAttributes.futimesat, "utime": FileAttributes.utime, "truncate": FileAttributes.truncate,
        "setxattr": FileAttributes.setxattr, "lsetxattr": FileAttributes.lsetxattr, "fsetxattr": FileAttributes.fsetxattr,
        "getxattr": FileAttributes.getxattr, "lgetxattr": FileAttributes.lgetxattr,
        "listxattr": FileAttributes.listxattr, "llistxattr": FileAttributes.llistxattr,
        "removexattr": FileAttributes.removexattr, "lremovexattr": FileAttributes.lremovexattr,
        "fremovexattr": FileAttributes.fremovexattr, "inotify_add_watch": FileAttributes.inotifyAddWatch,
        // Sockets.swift
        "bind": Sockets.bind, "connect": Sockets.connect,
    ]
}
