import CSafehouse
import Glibc
import SafehouseSystem

/// The caller's side of `exec --tty`: a pseudo-terminal made by the caller (so it is the caller's,
/// not a host device the sandbox could name), whose slave side the program gets as stdin, stdout,
/// stderr and controlling terminal. While the program runs, this copies the caller's stdin to the
/// master side and the master side to the caller's stdout; when the caller's stdin is a terminal it
/// is put in raw mode (keys such as ^C reach the program's terminal, which signals the program as a
/// local terminal would) and its window size follows SIGWINCH.
final class ExecTerminal {
    let master: Int32
    /// The slave side, until the request carrying it has been sent.
    private(set) var slave: Int32
    private let input: Int32, output: Int32
    private var inputOpen = true, masterOpen = true
    /// Bytes read from `input` that the program's terminal has not taken yet.
    private var pending: [UInt8] = []
    private var lastInput: UInt8?
    private var saved: termios?

    init(input: Int32, output: Int32) throws(SandboxError) {
        self.input = input
        self.output = output
        var sides: (master: Int32, slave: Int32) = (-1, -1)
        let r = sh_open_pty(&sides.master, &sides.slave)
        guard r == 0 else { throw SandboxError("no pseudo-terminal: \(Errno(-r))") }
        (master, slave) = sides
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        resize()
        var mode = termios()
        if tcgetattr(input, &mode) == 0 {
            saved = mode
            cfmakeraw(&mode)
            tcsetattr(input, TCSANOW, &mode)
        }
    }

    deinit {
        if var mode = saved { tcsetattr(input, TCSANOW, &mode) }
        if slave >= 0 { close(slave) }
        close(master)
    }

    /// The request carrying the slave side was sent: this process lets go of it, so the master side
    /// reads EIO once every holder in the sandbox has closed it.
    func sent() {
        if slave >= 0 { close(slave) }
        slave = -1
    }

    /// The caller's window size, given to the program's terminal (which then sends SIGWINCH).
    func resize() {
        var size = winsize()
        if withUnsafeMutablePointer(to: &size, { ioctl(input, UInt(TIOCGWINSZ), $0) }) == 0 {
            _ = withUnsafeMutablePointer(to: &size) { ioctl(master, UInt(TIOCSWINSZ), $0) }
        }
    }

    /// What to wait for: the master side (output, and room for pending input) and the caller's stdin.
    var pollRequests: [pollfd] {
        var events = Int16(0)
        if masterOpen { events |= Int16(POLLIN) }
        if masterOpen && !pending.isEmpty { events |= Int16(POLLOUT) }
        return [pollfd(fd: events == 0 ? -1 : master, events: events, revents: 0),
                pollfd(fd: inputOpen && pending.isEmpty ? input : -1, events: Int16(POLLIN), revents: 0)]
    }

    /// Moves what `poll` found ready (`ready` answers `pollRequests`, in its order).
    func service(_ ready: ArraySlice<pollfd>) {
        let masterEvents = ready[ready.startIndex].revents, inputEvents = ready[ready.startIndex + 1].revents
        if masterEvents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { copyOutput() }
        if inputEvents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
            var buffer = [UInt8](repeating: 0, count: 16384)
            let n = read(input, &buffer, buffer.count)
            if n > 0 {
                pending += buffer[0..<n]
                lastInput = buffer[n - 1]
            } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                // End of the caller's input: end of file, as ^D at the start of a line gives it
                // (a line not yet ended by a newline takes one ^D more, as at a terminal).
                inputOpen = false
                if saved == nil { pending += lastInput == nil || lastInput == 0x0a ? [0x04] : [0x04, 0x04] }
            }
        }
        if !pending.isEmpty && masterOpen {
            let n = pending.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n > 0 { pending.removeFirst(n) } else if n < 0 && errno != EAGAIN && errno != EINTR { pending = [] }
        }
    }

    /// The program ended: what its terminal still holds goes out (briefly: a process it left running
    /// in the background may keep the terminal open).
    func drain() {
        let until = HostProcess.monotonicNanoseconds() + 100_000_000
        while masterOpen && HostProcess.monotonicNanoseconds() < until {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 20) > 0 else { break }
            copyOutput()
        }
    }

    private func copyOutput() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(master, &buffer, buffer.count)
        if n > 0 {
            try? HostFile.writeAll(output, Array(buffer[0..<n]))
        } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
            masterOpen = false  // EIO: no process holds the terminal any more
        }
    }
}
