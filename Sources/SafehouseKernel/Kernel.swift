import SafehouseABI
import SafehouseNetwork
import SafehouseCore
import SafehouseSystem

/// What the sandbox presents as its machine: consistent across uname, /etc and (later) /proc.
public struct SandboxIdentity: Sendable {
    public let hostname: String
    public let domainname: String
    public let kernelRelease: String
    public let kernelVersion: String
    public let machine: String

    public init(hostname: String, domainname: String = "(none)", kernelRelease: String,
                kernelVersion: String, machine: String = "x86_64") {
        self.hostname = hostname
        self.domainname = domainname
        self.kernelRelease = kernelRelease
        self.kernelVersion = kernelVersion
        self.machine = machine
    }
}

/// Per-sandbox state that handlers read.
public final class Kernel: Sendable {
    public let identity: SandboxIdentity
    public let hasNetworkNamespace: Bool
    /// The VFS. nil without a mount namespace: the guest then sees host paths behind Landlock and
    /// the file handlers let its calls continue (Docs/walls.md).
    public let fileSystem: FileSystem?
    /// The `struct utsname` image, built once: uname is answered without allocating.
    let utsname: [UInt8]
    /// The host CPUs the sandbox runs on, decided once at start (the policy's `cpus`); nil where
    /// nothing bounds them but each task's own mask (no mount namespace).
    let cpus: [Int]?
    /// The socket broker: nil without a network namespace (IP sockets are then refused).
    public let network: NetworkBroker?
    /// The calling task of a request, as handlers see it: the live one, or a fake in unit tests.
    let guestTask: @Sendable (SyscallRequest) -> any GuestTask

    public convenience init(identity: SandboxIdentity, hasNetworkNamespace: Bool, fileSystem: FileSystem?,
                            cpus: [Int]? = nil, network: NetworkBroker? = nil) {
        self.init(identity: identity, hasNetworkNamespace: hasNetworkNamespace, fileSystem: fileSystem, cpus: cpus,
                  network: network, guestTask: { LiveGuestTask(tid: $0.tid) })
    }

    init(identity: SandboxIdentity, hasNetworkNamespace: Bool, fileSystem: FileSystem?, cpus: [Int]?,
         network: NetworkBroker?, guestTask: @escaping @Sendable (SyscallRequest) -> any GuestTask) {
        self.guestTask = guestTask
        self.cpus = cpus
        self.network = network
        self.identity = identity
        self.fileSystem = fileSystem
        self.hasNetworkNamespace = hasNetworkNamespace
        self.utsname = Identity.utsnameBytes(identity)
    }
}

/// A handler for one emulated syscall: decodes arguments, calls into the kernel, answers.
public typealias SyscallHandler = @Sendable (SyscallRequest, Kernel) -> SyscallReply
