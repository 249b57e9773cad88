import CSafehouse
import Glibc
import SafehousePolicy
import SafehouseSystem
import Synchronization

/// A value of a network event field.
public enum EventValue: Sendable, Equatable {
    case text(String)
    case number(Int64)
    case texts([String])
}

/// Receives the broker's events (`net.connect`, `net.denied`, `net.dns`, ...). Called inline
/// from workers and the broker's threads: implementations must be cheap and thread-safe.
public protocol NetworkEventSink: Sendable {
    func network(_ type: String, _ fields: [(String, EventValue)])
}

/// Why the broker could not start.
public struct NetworkError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The sandbox's network broker (Docs/network.md). The guest lives in a network namespace of its
/// own in which every address is local, so nothing it sends can leave by itself. What may leave
/// goes through the supervisor: a TCP connection the broker makes on the host and installs into
/// the guest (data then moves natively), a UDP exit the broker relays for one allowed destination,
/// DNS it answers itself. Decisions are made on one copy of the address, in canonical form.
public final class NetworkBroker: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// Allowed by this rule (its spec text).
        case allowed(rule: String)
        case denied(reason: String)
    }

    public let policy: NetworkPolicy
    /// The guest's network namespace (an fd of `/proc/<init>/ns/net`), owned.
    let guestNamespace: Int32
    let events: NetworkEventSink?
    /// Addresses DNS answered for allowed names: a connect to one is decided by its names' rules.
    private let pins = Mutex<[IPAddress: Set<String>]>([:])
    /// The host sockets installed into the guest, and what they carried.
    private let ledger: ConnectionLedger
    let relay: UDPRelay
    /// Only where the policy allows some destination: without one, a question to 127.0.0.53 finds
    /// no server and fails at once, and no route is needed for exits there are none of.
    private let resolver: DNSResolver?
    private let publisher: PortPublisher?

    /// Where the guest's /etc/resolv.conf points: the broker's resolver inside the sandbox.
    public static let resolverAddress = SocketAddress(address: IPAddress(127, 0, 0, 53), port: 53)

    /// Starts the broker for the guest whose network namespace is `guestNamespace` (adopted).
    public init(policy: NetworkPolicy, guestNamespace: Int32, events: NetworkEventSink?) throws(NetworkError) {
        self.policy = policy
        self.guestNamespace = guestNamespace
        self.events = events
        let allowsNetwork = !policy.allow.isEmpty
        if allowsNetwork {
            let routed = sh_netns_route_all_local(guestNamespace)
            if routed < 0 {
                close(guestNamespace)
                throw NetworkError("cannot route the sandbox's addresses locally: \(Errno(-routed))")
            }
        }
        relay = UDPRelay(guestNamespace: guestNamespace, events: events)
        ledger = ConnectionLedger(events: events, counting: allowsNetwork)
        let upstream = policy.dnsUpstream ?? NetworkBroker.hostNameserver()
        do throws(NetworkError) {
            resolver = allowsNetwork ? try DNSResolver(guestNamespace: guestNamespace,
                                                       upstream: upstream.map { SocketAddress(address: $0, port: 53) },
                                                       events: events) : nil
            publisher = policy.publish.isEmpty ? nil
                : try PortPublisher(policy.publish, guestNamespace: guestNamespace, events: events)
        } catch {
            relay.stop()
            ledger.stop()
            close(guestNamespace)
            throw error
        }
        resolver?.allowedRule = { [policy] name in NetworkBroker.rule(allowingName: name, in: policy) }
        resolver?.pin = { [weak self] name, addresses in self?.pin(name, addresses) }
        resolver?.start()
        publisher?.start()
    }

    /// Ends the broker's threads and closes its sockets. Installed TCP sockets are the guest's.
    public func stop() {
        resolver?.stop()
        ledger.stop()
        relay.stop()
        publisher?.stop()
        close(guestNamespace)
    }

    // MARK: decisions

    /// Whether the guest may reach `destination` over `transport`. Never for the guest's own
    /// loopback, which callers keep inside the namespace.
    public func decide(_ destination: SocketAddress, transport: TransportProtocol) -> Verdict {
        let address = destination.address, port = destination.port
        for rule in policy.allow where rule.permits(address: address, port: port, transport: transport) {
            return .allowed(rule: rule.description)
        }
        let names = pins.withLock { $0[address] } ?? []
        for name in names.sorted() {
            for rule in policy.allow where rule.permits(name: name, port: port, transport: transport) {
                if let special = address.special {
                    return .denied(reason: "\(name) resolved to \(address), a \(special.rawValue) address no rule names")
                }
                return .allowed(rule: rule.description)
            }
        }
        if policy.allow.isEmpty { return .denied(reason: "no network is allowed") }
        if !names.isEmpty {
            return .denied(reason: "no rule allows \(transport.rawValue) port \(port) of \(names.sorted().joined(separator: ", "))")
        }
        return .denied(reason: "no rule allows \(transport.rawValue) to \(destination)")
    }

    /// The rule that lets the guest resolve `name` (canonical), if any: a name or wildcard rule.
    static func rule(allowingName name: String, in policy: NetworkPolicy) -> NetworkRule? {
        policy.allow.first { rule in
            switch rule.target {
            case .name(let allowed): return allowed == name
            case .wildcard(let suffix): return HostName.matches(name, pattern: "*." + suffix)
            case .network: return false
            }
        }
    }

    /// Addresses pinned at most: a guest resolving endless allowed names (`*.domain`) cannot grow
    /// the table without bound; past it, new answers allow nothing (fail closed).
    static let maxPins = 65536

    func pin(_ name: String, _ addresses: [IPAddress]) {
        pins.withLock { pins in
            for address in addresses where pins[address] != nil || pins.count < NetworkBroker.maxPins {
                pins[address, default: []].insert(name)
            }
        }
    }

    /// Records a decision as an event and returns it.
    @discardableResult
    public func record(_ verdict: Verdict, _ destination: SocketAddress, transport: TransportProtocol,
                       call: String) -> Verdict {
        guard let events else { return verdict }
        var fields: [(String, EventValue)] = [("destination", .text(destination.description)),
                                              ("transport", .text(transport.rawValue)), ("call", .text(call))]
        switch verdict {
        case .allowed(let rule): events.network("net.connect", fields + [("rule", .text(rule))])
        case .denied(let reason):
            fields.append(("reason", .text(reason)))
            events.network("net.denied", fields)
        }
        return verdict
    }

    // MARK: installed sockets

    public func isBrokered(cookie: UInt64) -> Bool { ledger.contains(cookie) }

    /// Host connections one sandbox may hold at once: each is a host socket and a host port, so a
    /// guest cannot exhaust the host's ephemeral ports or socket memory through the broker.
    public static let maxConnections = 4096

    /// Whether another host connection may be made now.
    public var canConnect: Bool { ledger.count < NetworkBroker.maxConnections }
    /// Records a host socket the broker installs into the guest (its SO_COOKIE).
    public func adopt(cookie: UInt64, destination: SocketAddress) { ledger.track(cookie, destination) }

    /// Opens the UDP exit for `destination` (idempotent): datagrams the guest sends there reach it.
    public func openExit(to destination: SocketAddress) -> Int32 { relay.open(to: destination) }

    // MARK: host configuration

    /// The first `nameserver` of the host's /etc/resolv.conf.
    public static func hostNameserver() -> IPAddress? {
        guard let text = try? HostFile.readString("/etc/resolv.conf") else { return nil }
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count >= 2, words[0] == "nameserver", let address = IPAddress(String(words[1])) { return address }
        }
        return nil
    }
}
