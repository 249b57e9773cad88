import CSafehouse

extension SeccompProgram {
    /// The precompiled program for a sandbox with or without its own network namespace.
    static func instructions(hasNetworkNamespace: Bool) -> [sock_filter] {
        (hasNetworkNamespace ? namespaced : withoutNetworkNamespace).map { word in
            sock_filter(code: UInt16(truncatingIfNeeded: word), jt: UInt8(truncatingIfNeeded: word >> 16),
                        jf: UInt8(truncatingIfNeeded: word >> 24), k: UInt32(truncatingIfNeeded: word >> 32))
        }
    }
}
